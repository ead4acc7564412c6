package chat.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When to send a message again after a retryable failure, always with the same clientMsgId: after an exponential
 * backoff with full jitter, never sooner than the server asked (a refusal's {@code retryAfterMs}), and not after
 * {@code maxAttempts} frames on the wire or {@code giveUpAfter} since the first one, whichever comes first. The
 * defaults outlast the server's send-claim lease (10 s), after which a resend completes a send that died half-way.
 *
 * @param backoff     the retry delays
 * @param maxAttempts frames put on the wire at most (refusals for rate do not count: the frame was not handled)
 * @param giveUpAfter how long after the first attempt a message may still be retried
 */
public record ResendPolicy(Backoff backoff, int maxAttempts, Duration giveUpAfter) {
    public static final int DEFAULT_MAX_ATTEMPTS = 12;
    public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofSeconds(60);

    public ResendPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("giveUpAfter must be positive");
        }
    }

    /** 200 ms–5 s backoff, 12 attempts, 60 s. */
    public static ResendPolicy defaults() {
        return new ResendPolicy(Backoff.defaults(), DEFAULT_MAX_ATTEMPTS, DEFAULT_GIVE_UP_AFTER);
    }

    public ResendPolicy withMaxAttempts(int value) {
        return new ResendPolicy(backoff, value, giveUpAfter);
    }

    public ResendPolicy withBackoff(Backoff value) {
        return new ResendPolicy(value, maxAttempts, giveUpAfter);
    }

    /**
     * The wait before the next attempt, or empty to give up.
     *
     * @param attempts   attempts counted so far (at least 1)
     * @param elapsed    time since the first attempt
     * @param notBefore  the least wait the server asked for (zero if none)
     */
    public Optional<Duration> next(int attempts, Duration elapsed, Duration notBefore) {
        if (attempts >= maxAttempts || elapsed.compareTo(giveUpAfter) >= 0) {
            return Optional.empty();
        }
        Duration delay = backoff.delay(Math.max(0, attempts - 1));
        return Optional.of(delay.compareTo(notBefore) >= 0 ? delay : notBefore);
    }
}
