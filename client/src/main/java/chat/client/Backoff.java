package chat.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the delay before retry number {@code n} (0-based) is uniformly random in
 * {@code [0, min(cap, base * 2^n)]}. Spreading retries over the whole window keeps many clients that failed together
 * from retrying together.
 */
public final class Backoff {
    public static final Duration DEFAULT_BASE = Duration.ofMillis(200);
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(5);

    private final long baseMillis;
    private final long capMillis;
    private final DoubleSupplier random;

    public Backoff(Duration base, Duration cap) {
        this(base, cap, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} returns values in [0, 1); tests pass fixed values. */
    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.baseMillis = Objects.requireNonNull(base, "base").toMillis();
        this.capMillis = Objects.requireNonNull(cap, "cap").toMillis();
        this.random = Objects.requireNonNull(random, "random");
        if (baseMillis < 1) {
            throw new IllegalArgumentException("base must be at least 1 ms");
        }
        if (capMillis < baseMillis) {
            throw new IllegalArgumentException("cap must not be below base");
        }
    }

    /** 200 ms base, 5 s cap. */
    public static Backoff defaults() {
        return new Backoff(DEFAULT_BASE, DEFAULT_CAP);
    }

    public Duration base() {
        return Duration.ofMillis(baseMillis);
    }

    public Duration cap() {
        return Duration.ofMillis(capMillis);
    }

    /** The upper bound of the window for retry {@code attempt}: {@code min(cap, base * 2^attempt)}. */
    public Duration ceiling(int attempt) {
        return Duration.ofMillis(ceilingMillis(attempt));
    }

    /** A random delay in {@code [0, ceiling(attempt)]}. */
    public Duration delay(int attempt) {
        long ceiling = ceilingMillis(attempt);
        double r = random.getAsDouble();
        if (!(r >= 0)) { // also catches NaN
            r = 0;
        } else if (r > 1) {
            r = 1;
        }
        return Duration.ofMillis(Math.min(ceiling, Math.round(r * ceiling)));
    }

    private long ceilingMillis(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0");
        }
        // base * 2^attempt without overflow: once past the cap, stay at the cap.
        if (attempt >= 62 || baseMillis > (capMillis >> Math.min(attempt, 62))) {
            return capMillis;
        }
        return Math.min(capMillis, baseMillis << attempt);
    }
}
