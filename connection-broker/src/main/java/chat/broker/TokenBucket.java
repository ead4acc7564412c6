package chat.broker;

/**
 * A token bucket: holds up to {@code burst} tokens, refills at {@code perSecond}, and each frame takes one. Cheap
 * (two longs, no timer): the refill is computed from the time elapsed when a token is asked for.
 */
final class TokenBucket {
    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long updatedAt;

    TokenBucket(double perSecond, int burst, long nowNanos) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
        this.capacity = burst;
        this.tokensPerNano = perSecond / 1e9;
        this.tokens = burst;
        this.updatedAt = nowNanos;
    }

    /** Takes a token: 0 if one was there, else the nanoseconds until one will be (and nothing is taken). */
    synchronized long tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    /** True when the bucket has refilled completely: forgetting it changes nothing. */
    synchronized boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            updatedAt = nowNanos;
        }
    }
}
