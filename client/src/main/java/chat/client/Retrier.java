package chat.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a request again after retryable failures, as a {@link ResendPolicy} says (backoff with full jitter, never
 * sooner than a refusal's {@code retryAfterMs} allows). For one-shot callers — CLI commands, benchmarks — that have
 * no {@link Outbox}. The request must be safe to repeat: a send reuses its clientMsgId, a group change its clientMsgId.
 *
 * <p>Retryable: error frames marked retryable, request timeouts, closed or unreachable connections, a 503 at the
 * upgrade. Everything else (a refused frame, a bad credential) fails at once.
 */
public final class Retrier {
    private final ResendPolicy policy;
    private final ScheduledExecutorService scheduler;

    public Retrier(ResendPolicy policy, ScheduledExecutorService scheduler) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Completes with the first success, or fails with the last failure once the policy gives up. */
    public <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(attempt, result, 1, System.nanoTime());
        return result;
    }

    private <T> void attempt(Supplier<CompletableFuture<T>> attempt, CompletableFuture<T> result, int number,
            long startedNanos) {
        CompletableFuture<T> answer;
        try {
            answer = attempt.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = ChatHttpApi.unwrap(error);
            Optional<Duration> delay = retryable(cause)
                    ? policy.next(number, Duration.ofNanos(System.nanoTime() - startedNanos), notBefore(cause))
                    : Optional.empty();
            if (delay.isEmpty()) {
                result.completeExceptionally(cause);
                return;
            }
            // A refusal with retryAfterMs was not handled at all (rate limit, load shedding): it only has to wait,
            // so it uses up no attempt; the policy's time limit still ends a refusal that never lifts.
            int next = notBefore(cause).isZero() ? number + 1 : number;
            scheduler.schedule(() -> attempt(attempt, result, next, startedNanos), delay.get().toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    /** Whether the same request, sent again, can succeed. */
    public static boolean retryable(Throwable error) {
        Throwable e = ChatHttpApi.unwrap(error);
        if (e instanceof ChatErrorException ce) {
            return ce.retryable();
        }
        if (e instanceof ChatConnectException ce) {
            return ce.httpStatus() == 0 || ce.httpStatus() == 503;
        }
        if (e instanceof ChatApiException api) {
            return api.retryable();
        }
        return e instanceof RequestTimeoutException || e instanceof ConnectionClosedException
                || e instanceof NotConnectedException || e instanceof IOException;
    }

    /**
     * The least wait the server asked for before trying again (RATE_LIMITED, and UNAVAILABLE from a broker shedding
     * load), else zero.
     */
    public static Duration notBefore(Throwable error) {
        Throwable e = ChatHttpApi.unwrap(error);
        if (e instanceof ChatErrorException ce && ce.retryable() && ce.frame().retryAfterMs() != null) {
            return Duration.ofMillis(ce.frame().retryAfterMs());
        }
        return Duration.ZERO;
    }
}
