package chat.bench;

import chat.model.frames.FrameCodec;
import chat.model.internal.DeliveryBatch;
import chat.model.internal.InternalApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Times the broker's delivery callback as the functions call it: one small batch at a time (a frame to a few held
 * connections picked at random), so each figure is the latency of one callback, not a throughput. Run at several
 * held-connection counts it shows whether finding a connection costs more as the broker holds more of them.
 */
final class DeliveryProbe {
    private static final String FRAME = "{\"type\":\"benchProbe\"}";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI deliveries;
    private final String key;
    private final Random random = new Random(42);

    /** {@code broker} is the base URL of the broker's private API (its internal port). */
    DeliveryProbe(URI broker, String internalKey) {
        this.deliveries = broker.resolve(InternalApi.DELIVERIES_PATH);
        this.key = internalKey;
    }

    /**
     * {@code warmup} untimed then {@code rounds} timed callbacks, each pushing one frame to {@code perBatch} of the
     * given connections. Fails if the broker does not hold one of them (the figure would not be a delivery).
     */
    Latencies time(List<String> connectionIds, int perBatch, int warmup, int rounds) throws Exception {
        Latencies latencies = new Latencies();
        for (int i = 0; i < warmup + rounds; i++) {
            DeliveryBatch.Builder batch = DeliveryBatch.builder();
            for (int k = 0; k < perBatch; k++) {
                batch.push(connectionIds.get(random.nextInt(connectionIds.size())), FRAME);
            }
            String body = FrameCodec.internalMapper().writeValueAsString(batch.build());
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(deliveries).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header(InternalApi.KEY_HEADER, key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - t;
            if (r.statusCode() != 200 || !r.body().contains("\"unknownConnections\":[]")) {
                throw new BenchFailure("delivery callback answered " + r.statusCode() + " " + r.body());
            }
            if (i >= warmup) {
                latencies.recordNanos(nanos);
            }
        }
        return latencies;
    }
}
