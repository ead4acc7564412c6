package chat.client.media;

import java.io.IOException;
import java.time.Duration;

/**
 * Whether a transfer that broke is tried again, and after how long: exponential backoff from {@code first} doubling
 * to {@code max}, at most {@code attempts} tries in all. A store refusal other than an expired or denied URL (which
 * a new plan replaces) is not retried.
 */
public record RetryPolicy(int attempts, Duration first, Duration max) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(250), Duration.ofSeconds(8));

    /** At most {@code attempts} tries with the default backoff. */
    public static RetryPolicy of(int attempts) {
        return new RetryPolicy(attempts, DEFAULT.first(), DEFAULT.max());
    }

    public RetryPolicy {
        if (attempts < 1 || first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("attempts ≥ 1 and 0 ≤ first ≤ max");
        }
    }

    /** Waits before the next try and answers true, or answers false when {@code failure} ends the transfer. */
    boolean again(int attempt, IOException failure) throws IOException {
        if (attempt >= attempts) {
            return false;
        }
        if (failure instanceof BlobTransfers.StoreRefusal refusal && refusal.status() != 403
                && refusal.status() / 100 != 5) {
            return false;
        }
        long wait = Math.min(max.toMillis(), first.toMillis() << Math.min(20, attempt - 1));
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
        return true;
    }
}
