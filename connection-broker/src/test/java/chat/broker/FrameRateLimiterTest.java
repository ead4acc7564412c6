package chat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameRateLimiterTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final FrameRateLimiter limiter = new FrameRateLimiter(20, 40, now::get);

    @Test
    void aBurstUpToTheBucketSizePassesAndTheNextFrameWaitsOneTokenInterval() {
        for (int i = 0; i < 40; i++) {
            assertThat(limiter.acquire("d1")).as("frame %d", i).isZero();
        }
        assertThat(limiter.acquire("d1")).isEqualTo(50); // one token per 50 ms at 20/s
    }

    @Test
    void theBucketRefillsAtTheSustainedRate() {
        for (int i = 0; i < 40; i++) {
            limiter.acquire("d1");
        }
        now.addAndGet(1_000_000_000L);
        int passed = 0;
        while (limiter.acquire("d1") == 0) {
            passed++;
        }
        assertThat(passed).isEqualTo(20);
    }

    @Test
    void sustainedTrafficAtTheRateIsNeverRefused() {
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.acquire("d1")).isZero();
            now.addAndGet(50_000_000L);
        }
    }

    @Test
    void devicesHaveTheirOwnBuckets() {
        for (int i = 0; i < 40; i++) {
            limiter.acquire("d1");
        }
        assertThat(limiter.acquire("d1")).isPositive();
        assertThat(limiter.acquire("d2")).isZero();
    }

    @Test
    void refilledBucketsAreForgottenAndBusyOnesKept() {
        limiter.acquire("idle");
        for (int i = 0; i < 40; i++) {
            limiter.acquire("busy");
        }
        now.addAndGet(100_000_000L); // idle refilled its one token; busy is still short
        limiter.forgetIdle();
        assertThat(limiter.tracked()).isEqualTo(1);
    }

    @Test
    void nonsenseSettingsAreRefusedAtStartup() {
        assertThatThrownBy(() -> new FrameRateLimiter(0, 40, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameRateLimiter(20, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
