package chat.broker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control for client frames: at most {@code maxInFlight} frames of all this node's connections wait for
 * the functions tier at once. When the functions slow down, a frame beyond that is refused at once (the client
 * retries after {@code retryAfterMs}) instead of joining a queue that only grows: answers stay fast for the frames
 * admitted, memory stays bounded, and the functions are not buried under work whose clients have given up.
 */
@ApplicationScoped
public class FrameAdmission {
    /** The functions client's connection pool: beyond it an admitted frame would queue for a connection anyway. */
    static final int POOL_SIZE = 200;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;
    private final long retryAfterMillis;

    @Inject
    public FrameAdmission(BrokerConfig config) {
        this(config.broker().admission().maxInFlight(), config.broker().admission().retryAfter().toMillis());
    }

    FrameAdmission(int maxInFlight, long retryAfterMillis) {
        if (maxInFlight < 1 || maxInFlight > POOL_SIZE) {
            throw new IllegalArgumentException("chat.broker.admission.max-in-flight must be 1.." + POOL_SIZE
                    + " (the functions client's connection pool), was " + maxInFlight);
        }
        if (retryAfterMillis < 1) {
            throw new IllegalArgumentException("chat.broker.admission.retry-after must be at least 1 ms, was "
                    + retryAfterMillis + " ms");
        }
        this.maxInFlight = maxInFlight;
        this.retryAfterMillis = retryAfterMillis;
    }

    /** True if the frame may go to the functions (and counts until {@link #done()}); false if it is shed. */
    public boolean tryAdmit() {
        while (true) {
            int now = inFlight.get();
            if (now >= maxInFlight) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** An admitted frame was answered, or its call failed. */
    public void done() {
        if (inFlight.decrementAndGet() < 0) {
            inFlight.incrementAndGet();
            throw new IllegalStateException("done() without an admitted frame");
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** What a shed client is told. */
    public String describe() {
        return "server busy: too many frames waiting for the service (limit " + maxInFlight + "); retry in "
                + retryAfterMillis + " ms";
    }
}
