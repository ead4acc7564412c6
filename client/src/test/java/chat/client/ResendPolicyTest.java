package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResendPolicyTest {
    /** Backoff that always takes the top of its window, so delays are predictable. */
    private static final Backoff TOP = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 1.0);
    private final ResendPolicy policy = new ResendPolicy(TOP, 4, Duration.ofSeconds(10));

    @Test
    void theDelayGrowsExponentiallyWithTheAttempts() {
        assertThat(policy.next(1, Duration.ZERO, Duration.ZERO)).contains(Duration.ofMillis(100));
        assertThat(policy.next(2, Duration.ZERO, Duration.ZERO)).contains(Duration.ofMillis(200));
        assertThat(policy.next(3, Duration.ZERO, Duration.ZERO)).contains(Duration.ofMillis(400));
    }

    @Test
    void itGivesUpWhenTheAttemptsRunOut() {
        assertThat(policy.next(4, Duration.ZERO, Duration.ZERO)).isEmpty();
    }

    @Test
    void itGivesUpWhenTheTimeRunsOutWhateverTheAttempts() {
        assertThat(policy.next(1, Duration.ofSeconds(10), Duration.ZERO)).isEmpty();
        assertThat(policy.next(1, Duration.ofMillis(9_999), Duration.ZERO)).isPresent();
    }

    @Test
    void itNeverRetriesSoonerThanTheServerAsked() {
        assertThat(policy.next(1, Duration.ZERO, Duration.ofMillis(750))).contains(Duration.ofMillis(750));
        assertThat(policy.next(3, Duration.ZERO, Duration.ofMillis(50))).contains(Duration.ofMillis(400));
    }

    @Test
    void jitterSpreadsTheDelayOverTheWholeWindow() {
        ResendPolicy low = new ResendPolicy(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.25), 4,
                Duration.ofSeconds(10));
        assertThat(low.next(3, Duration.ZERO, Duration.ZERO)).contains(Duration.ofMillis(100));
    }

    @Test
    void theDefaultsOutlastTheServersSendClaimLease() {
        ResendPolicy d = ResendPolicy.defaults();
        assertThat(d.giveUpAfter()).isGreaterThan(Duration.ofSeconds(10));
        long ceilings = 0;
        for (int attempt = 0; attempt < d.maxAttempts() - 1; attempt++) {
            ceilings += d.backoff().ceiling(attempt).toMillis();
        }
        assertThat(ceilings).as("sum of the backoff windows").isGreaterThan(20_000);
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new ResendPolicy(TOP, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResendPolicy(TOP, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResendPolicy(null, 1, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class);
    }
}
