package chat.broker;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Frames per second per device, on this broker node: a {@link TokenBucket} per device id. Keyed by device, not
 * connection, so reconnecting does not refill the bucket; kept in memory only (a device reaches one node at a time,
 * and a node restart forgetting the buckets is harmless). Buckets that have refilled are dropped once a minute.
 */
@ApplicationScoped
public class FrameRateLimiter {
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoClock;

    @Inject
    public FrameRateLimiter(BrokerConfig config) {
        this(config.broker().rateLimit().framesPerSecond(), config.broker().rateLimit().burst(), System::nanoTime);
    }

    FrameRateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        new TokenBucket(perSecond, burst, 0); // validates the settings at startup
    }

    /** 0 if the device may send a frame now (and it is counted), else the milliseconds until it may. */
    public long acquire(String deviceId) {
        long now = nanoClock.getAsLong();
        long waitNanos = buckets.computeIfAbsent(deviceId, k -> new TokenBucket(perSecond, burst, now)).tryTake(now);
        return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + 999_999) / 1_000_000);
    }

    /** What a refused client is told. */
    public String describe() {
        return "too many frames: at most " + format(perSecond) + " per second (bursts of " + burst + ")";
    }

    public int tracked() {
        return buckets.size();
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetIdle() {
        long now = nanoClock.getAsLong();
        buckets.entrySet().removeIf(e -> e.getValue().full(now));
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
