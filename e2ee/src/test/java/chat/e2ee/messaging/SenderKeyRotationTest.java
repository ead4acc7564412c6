package chat.e2ee.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SenderKeyRotationTest {
    private final SenderKeyRotation rotation = new SenderKeyRotation(Duration.ofDays(7), 1_000);

    @Test
    void aKeyYoungerThanItsAgeWithFewerMessagesThanItsBudgetStays() {
        assertThat(rotation.due(999, Duration.ofDays(7).minusMillis(1))).isFalse();
    }

    @Test
    void aKeyIsDueOnceItSealedItsBudgetOfMessages() {
        assertThat(rotation.due(1_000, Duration.ZERO)).isTrue();
    }

    @Test
    void aKeyIsDueOnceItIsAsOldAsTheMaximumAge() {
        assertThat(rotation.due(0, Duration.ofDays(7))).isTrue();
    }

    @Test
    void theDefaultIsAWeekOrAThousandMessages() {
        assertThat(SenderKeyRotation.DEFAULT).isEqualTo(rotation);
    }

    @Test
    void refusesAZeroAgeOrAnEmptyBudget() {
        assertThatThrownBy(() -> new SenderKeyRotation(Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SenderKeyRotation(Duration.ofDays(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
