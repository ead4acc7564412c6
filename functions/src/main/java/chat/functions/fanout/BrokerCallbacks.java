package chat.functions.fanout;

import chat.functions.ChatConfig;
import chat.model.frames.FrameCodec;
import chat.model.internal.DeliveryBatch;
import chat.model.internal.DeliveryResult;
import chat.model.internal.InternalApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Calls a broker node's delivery API. An answer other than 200 fails the call with {@link Refused}; what any failure
 * says about the node is {@link CallbackFailure}'s to tell.
 */
@ApplicationScoped
public class BrokerCallbacks {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final String internalKey;
    private final Duration timeout;

    public BrokerCallbacks(ChatConfig config) {
        this.internalKey = config.internal().key();
        this.timeout = config.fanout().callbackTimeout();
    }

    public CompletableFuture<DeliveryResult> deliver(String callbackUrl, DeliveryBatch batch) {
        String body;
        try {
            body = FrameCodec.mapper().writeValueAsString(batch);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(callbackUrl + InternalApi.DELIVERIES_PATH))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(InternalApi.KEY_HEADER, internalKey)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new Refused(response.statusCode(), response.body());
            }
            try {
                return FrameCodec.mapper().readValue(response.body(), DeliveryResult.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The node answered, with an error status. */
    static final class Refused extends IllegalStateException {
        Refused(int status, String answer) {
            super("broker answered " + status + ": " + answer);
        }
    }
}
