package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.ErrorCode;
import chat.model.frames.ErrorFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetrierTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Retrier retrier = new Retrier(new ResendPolicy(new Backoff(Duration.ofMillis(1),
            Duration.ofMillis(5)), 4, Duration.ofSeconds(10)), scheduler);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static CompletableFuture<String> error(ErrorCode code) {
        return CompletableFuture.failedFuture(new ChatErrorException(ErrorFrame.of("r", code, "x")));
    }

    /** Answers from the list in turn, then "ok"; counts the calls. */
    private static Supplier<CompletableFuture<String>> answers(AtomicInteger calls, List<CompletableFuture<String>> list) {
        List<CompletableFuture<String>> queue = new ArrayList<>(list);
        return () -> {
            calls.incrementAndGet();
            return queue.isEmpty() ? CompletableFuture.completedFuture("ok") : queue.remove(0);
        };
    }

    @Test
    void retryableFailuresAreTriedAgainUntilOneSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = retrier.run(answers(calls, List.of(error(ErrorCode.UNAVAILABLE),
                CompletableFuture.failedFuture(new RequestTimeoutException("r", "SendFrame", Duration.ofSeconds(1))),
                CompletableFuture.failedFuture(new ChatConnectException(0, ErrorCode.UNAVAILABLE, "refused", null)))))
                .get(5, TimeUnit.SECONDS);
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(4);
    }

    @Test
    void aRefusalForGoodFailsAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.run(answers(calls, List.of(error(ErrorCode.CONVERSATION_NOT_FOUND))))
                .get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ChatErrorException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void itGivesUpWithTheLastFailureWhenTheAttemptsRunOut() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.run(() -> {
            calls.incrementAndGet();
            return error(ErrorCode.INTERNAL);
        }).get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ChatErrorException.class).hasMessageContaining("INTERNAL");
        assertThat(calls).hasValue(4);
    }

    @Test
    void aRateLimitedRequestWaitsAtLeastAsLongAsTheServerAsked() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long started = System.nanoTime();
        retrier.run(answers(calls, List.of(CompletableFuture.failedFuture(new ChatErrorException(
                ErrorFrame.rateLimited("r", "slow down", 300)))))).get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(calls).hasValue(2);
    }

    @Test
    void aFrameShedByABusyBrokerWaitsAtLeastAsLongAsTheBrokerAsked() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long started = System.nanoTime();
        retrier.run(answers(calls, List.of(CompletableFuture.failedFuture(new ChatErrorException(
                ErrorFrame.unavailable("r", "server busy", 300)))))).get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(calls).hasValue(2);
    }

    @Test
    void refusalsThatAskForAWaitUseUpNoAttempt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<CompletableFuture<String>> refusals = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // more than the policy's 4 attempts
            refusals.add(CompletableFuture.failedFuture(new ChatErrorException(i % 2 == 0
                    ? ErrorFrame.unavailable("r", "server busy", 1) : ErrorFrame.rateLimited("r", "slow down", 1))));
        }
        assertThat(retrier.run(answers(calls, refusals)).get(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(calls).hasValue(7);
    }

    @Test
    void whatCountsAsRetryable() {
        assertThat(Retrier.retryable(new ChatErrorException(ErrorFrame.of(null, ErrorCode.SEND_IN_PROGRESS, "x"))))
                .isTrue();
        assertThat(Retrier.retryable(new ConnectionClosedException(new CloseInfo(1006, "gone", false)))).isTrue();
        assertThat(Retrier.retryable(new ChatConnectException(503, ErrorCode.UNAVAILABLE, "busy", null))).isTrue();
        assertThat(Retrier.retryable(new ChatConnectException(401, ErrorCode.UNAUTHENTICATED, "no", null))).isFalse();
        assertThat(Retrier.retryable(new ChatErrorException(ErrorFrame.of(null, ErrorCode.INVALID_FIELD, "x"))))
                .isFalse();
        assertThat(Retrier.retryable(new IllegalStateException("bug"))).isFalse();
    }
}
