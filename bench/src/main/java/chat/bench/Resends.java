package chat.bench;

import chat.client.ChatConnection;
import chat.client.ResendPolicy;
import chat.client.Retrier;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmarks' sends, resent like a real client's: after a retryable error, a timeout or RATE_LIMITED, the same
 * frame (same clientMsgId, so stored once) goes again after a backoff with jitter ({@link ResendPolicy#defaults()}).
 * Counts the resends, so a run can tell how many samples include one.
 */
final class Resends implements AutoCloseable {
    /** Each instance owns its timer: a scenario closes it when done, so no thread outlives the run. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-resend");
        t.setDaemon(true);
        return t;
    });
    private final Retrier retrier = new Retrier(ResendPolicy.defaults(), timer);
    private final AtomicLong resent = new AtomicLong();

    /** Sends until SENT (or the policy gives up, which throws). */
    SentFrame send(ChatConnection c, SendFrame frame) throws Exception {
        try {
            return sendAsync(c, frame).get(ResendPolicy.DEFAULT_GIVE_UP_AFTER.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Sends, resending as needed; completes with SENT or with the error the policy gave up on. */
    CompletableFuture<SentFrame> sendAsync(ChatConnection c, SendFrame frame) {
        AtomicLong tries = new AtomicLong();
        return retrier.run(() -> {
            if (tries.getAndIncrement() > 0) {
                resent.incrementAndGet();
            }
            return c.send(frame);
        });
    }

    long resent() {
        return resent.get();
    }

    /** Stops the timer: resends still waiting for their backoff are abandoned (their futures never complete). */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
