package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilingDoublesFromTheBaseUpToTheCap() {
        Backoff b = Backoff.defaults();
        assertThat(b.ceiling(0)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.ceiling(1)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.ceiling(2)).isEqualTo(Duration.ofMillis(800));
        assertThat(b.ceiling(3)).isEqualTo(Duration.ofMillis(1600));
        assertThat(b.ceiling(4)).isEqualTo(Duration.ofMillis(3200));
        assertThat(b.ceiling(5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.ceiling(6)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void hugeAttemptNumbersStayAtTheCapWithoutOverflow() {
        Backoff b = Backoff.defaults();
        for (int attempt : new int[] {30, 31, 32, 61, 62, 63, 64, 1000, Integer.MAX_VALUE}) {
            assertThat(b.ceiling(attempt)).as("attempt %d", attempt).isEqualTo(Duration.ofSeconds(5));
            assertThat(b.delay(attempt)).isBetween(Duration.ZERO, Duration.ofSeconds(5));
        }
    }

    @Test
    void fullJitterSpansZeroToTheCeiling() {
        assertThat(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.0).delay(3))
                .isEqualTo(Duration.ZERO);
        assertThat(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.5).delay(3))
                .isEqualTo(Duration.ofMillis(800));
        assertThat(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.9999999).delay(3))
                .isEqualTo(Duration.ofMillis(1600));
        assertThat(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.9999999).delay(20))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void outOfRangeRandomValuesAreClamped() {
        assertThat(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> -3).delay(0))
                .isEqualTo(Duration.ZERO);
        assertThat(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 7).delay(0))
                .isEqualTo(Duration.ofMillis(200));
        assertThat(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> Double.NaN).delay(0))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void realRandomDelaysStayWithinBoundsAndActuallySpread() {
        Backoff b = Backoff.defaults();
        for (int attempt = 0; attempt < 12; attempt++) {
            long ceiling = b.ceiling(attempt).toMillis();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < 2_000; i++) {
                long d = b.delay(attempt).toMillis();
                assertThat(d).isBetween(0L, ceiling);
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            assertThat(min).as("jitter reaches near zero").isLessThan(ceiling / 10 + 1);
            assertThat(max).as("jitter reaches near the ceiling").isGreaterThan(ceiling * 9 / 10 - 1);
        }
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.defaults().delay(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
