package chat.functions.broker;

import chat.functions.ChatConfig;
import chat.functions.metrics.ChatMeters;
import chat.functions.threads.Pools;
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
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Calls a broker node's delivery API. An answer other than 200 fails the call with {@link Refused}; what any failure
 * says about the node is {@link CallbackFailure}'s to tell.
 *
 * <p>Each call is a blocking {@code send} on a pooled thread of its own, not {@code HttpClient.sendAsync}: the JDK
 * completes every {@code sendAsync} future on CompletableFuture's default executor, which starts a new thread per
 * task when the common pool has a parallelism of 1 (any machine with 2 cores, and a Lambda function), i.e. one
 * thread start per callback. The pool's threads ({@link Pools#brokerCalls}) are reused, and its callers'
 * continuations (which call DynamoDB) never run on an event loop.
 */
@ApplicationScoped
public class BrokerCallbacks {
    private final ExecutorService calls;
    private final HttpClient http;
    private final String internalKey;
    private final Duration timeout;
    private final ChatMeters meters;

    public BrokerCallbacks(ChatConfig config, Pools pools, ChatMeters meters) {
        this.meters = meters;
        this.calls = pools.brokerCalls();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).executor(calls).build();
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
        long start = System.nanoTime();
        int deliveries = batch.deliveries().size() + batch.userDeliveries().size();
        return CompletableFuture.supplyAsync(() -> call(request), calls).whenComplete((result, error) ->
                meters.callback(error == null ? ChatMeters.OK
                        : CallbackFailure.of(error).name().toLowerCase(Locale.ROOT),
                        deliveries, System.nanoTime() - start));
    }

    private DeliveryResult call(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
        if (response.statusCode() != 200) {
            throw new Refused(response.statusCode(), response.body());
        }
        try {
            return FrameCodec.mapper().readValue(response.body(), DeliveryResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node answered, with an error status. */
    static final class Refused extends IllegalStateException {
        Refused(int status, String answer) {
            super("broker answered " + status + ": " + answer);
        }
    }
}
