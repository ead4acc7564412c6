package chat.functions.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanoutBacklogTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T18:00:00Z"));
    private final FanoutBacklog backlog = new FanoutBacklog(Duration.ofSeconds(2), Duration.ofSeconds(1), clock);

    @Test
    void aBatchWhoseOldestMessageWaitedPastTheThresholdTurnsSheddingOn() {
        backlog.received(List.of(storedAgo(500), storedAgo(2500), storedAgo(100)));
        assertThat(backlog.ageMillis()).isEqualTo(2500);
        assertThat(backlog.shedding()).isTrue();
        assertThat(backlog.retryAfterMillis()).isEqualTo(1000);
    }

    @Test
    void aBatchWithinTheThresholdTurnsItOffAgain() {
        backlog.received(List.of(storedAgo(3000)));
        backlog.received(List.of(storedAgo(1999)));
        assertThat(backlog.shedding()).isFalse();
    }

    @Test
    void anObservationGoesStaleSoAnIdleQueueNeverSheds() {
        backlog.received(List.of(storedAgo(10_000)));
        clock.advance(FanoutBacklog.FRESH_FOR.plusMillis(1));
        assertThat(backlog.ageMillis()).isZero();
        assertThat(backlog.shedding()).isFalse();
    }

    @Test
    void nothingObservedMeansNothingBehind() {
        assertThat(backlog.ageMillis()).isZero();
        assertThat(backlog.shedding()).isFalse();
    }

    @Test
    void aZeroThresholdNeverSheds() {
        FanoutBacklog off = new FanoutBacklog(Duration.ZERO, Duration.ofSeconds(1), clock);
        off.received(List.of(storedAgo(60_000)));
        assertThat(off.ageMillis()).isEqualTo(60_000);
        assertThat(off.shedding()).isFalse();
    }

    @Test
    void aMessageStampedAheadOfThisClockCountsAsNoWait() {
        backlog.received(List.of(storedAgo(-5000)));
        assertThat(backlog.ageMillis()).isZero();
    }

    private FanoutEvent storedAgo(long millis) {
        return new FanoutEvent("dm.a.b", 1, "u", "d", clock.millis() - millis, "{}");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
