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

/** Reads the AWS call counters of a functions instance (GET /internal/v1/stats). */
final class FunctionsStats {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI uri;
    private final String key;

    FunctionsStats(URI api, String internalKey) {
        this.uri = api.resolve(InternalApi.STATS_PATH);
        this.key = internalKey;
    }

    Map<String, Long> read() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header(InternalApi.KEY_HEADER, key).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("stats answered " + r.statusCode());
        }
        return FrameCodec.mapper().readValue(r.body(), new TypeReference<TreeMap<String, Long>>() { });
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
