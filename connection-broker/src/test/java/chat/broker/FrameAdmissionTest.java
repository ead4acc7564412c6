package chat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameAdmissionTest {
    @Test
    void framesBeyondTheLimitAreShedUntilOneInFlightIsAnswered() {
        FrameAdmission admission = new FrameAdmission(2, 500);
        assertThat(admission.tryAdmit()).isTrue();
        assertThat(admission.tryAdmit()).isTrue();
        assertThat(admission.tryAdmit()).isFalse();
        assertThat(admission.inFlight()).isEqualTo(2);
        admission.done();
        assertThat(admission.tryAdmit()).isTrue();
        assertThat(admission.tryAdmit()).isFalse();
    }

    @Test
    void aShedFrameIsToldHowLongToWait() {
        FrameAdmission admission = new FrameAdmission(1, 750);
        assertThat(admission.retryAfterMillis()).isEqualTo(750);
        assertThat(admission.describe()).contains("too many frames waiting for the service (limit 1)")
                .contains("retry in 750 ms");
    }

    @Test
    void answeringMoreFramesThanWereAdmittedIsABugNotANegativeCount() {
        FrameAdmission admission = new FrameAdmission(1, 500);
        assertThatThrownBy(admission::done).isInstanceOf(IllegalStateException.class);
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void settingsOutsideTheirRangeAreRefusedAtStart() {
        assertThatThrownBy(() -> new FrameAdmission(0, 500)).hasMessageContaining("max-in-flight must be 1..200");
        assertThatThrownBy(() -> new FrameAdmission(201, 500)).hasMessageContaining("max-in-flight");
        assertThatThrownBy(() -> new FrameAdmission(10, 0)).hasMessageContaining("retry-after must be at least 1 ms");
    }
}
