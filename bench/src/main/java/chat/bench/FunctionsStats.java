package chat.bench;

import chat.model.frames.FrameCodec;
import chat.model.internal.InternalApi;
import com.fasterxml.jackson.core.type.TypeReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the AWS call counters and DynamoDB capacity units of a functions instance (GET /internal/v1/stats). Only the
 * instance behind {@code --api} is read: with several functions instances, the others' calls are not counted.
 */
final class FunctionsStats {
    static final String READ_UNITS = InternalApi.STATS_READ_UNITS;
    static final String WRITE_UNITS = InternalApi.STATS_WRITE_UNITS;

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI uri;
    private final String key;

    FunctionsStats(URI api, String internalKey) {
        this.uri = api.resolve(InternalApi.STATS_PATH);
        this.key = internalKey;
    }

    /** Call counts and capacity units at one moment. Units are empty from functions that do not count them. */
    record Snapshot(Map<String, Long> calls, Map<String, Double> units) {
    }

    /** Call counts only. */
    Map<String, Long> read() throws Exception {
        return snapshot().calls();
    }

    Snapshot snapshot() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header(InternalApi.KEY_HEADER, key).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("stats answered " + r.statusCode());
        }
        return split(FrameCodec.mapper().readValue(r.body(), new TypeReference<TreeMap<String, Number>>() { }));
    }

    static Snapshot split(Map<String, Number> stats) {
        Map<String, Long> calls = new TreeMap<>();
        Map<String, Double> units = new TreeMap<>();
        stats.forEach((k, v) -> {
            if (k.startsWith(READ_UNITS) || k.startsWith(WRITE_UNITS)) {
                units.put(k, v.doubleValue());
            } else {
                calls.put(k, v.longValue());
            }
        });
        return new Snapshot(calls, units);
    }

    static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }
}
