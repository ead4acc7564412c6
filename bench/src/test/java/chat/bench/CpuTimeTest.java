package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuTimeTest {
    @Test
    void addsUserAndSystemTicks() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 5 0 0 0 1234 567 0 0 20 0 40 0 100 0 0";

        assertThat(CpuTime.ticks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void countsFieldsFromTheLastParenthesisSoACommandWithSpacesAndParenthesesParses() {
        String stat = "77 (node (a) b) c) R 1 77 77 0 -1 4194560 5 0 0 0 10 20 300 400 20 0 1 0 100 0 0";

        assertThat(CpuTime.ticks(stat)).isEqualTo(30); // not the children's 300 + 400
    }

    @Test
    void rejectsWhatIsNotAStatLine() {
        assertThatThrownBy(() -> CpuTime.ticks("no parenthesis here")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuTime.ticks("1 (x) S 1 2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisProcessHasUsedCpuAndAProcessThatIsGoneHasNoFigure() {
        assertThat(CpuTime.seconds(ProcessHandle.current().pid()).orElse(0)).isPositive();
        assertThat(CpuTime.seconds(Long.MAX_VALUE)).isEmpty();
        assertThat(CpuTime.ticksPerSecond()).isPositive();
    }
}
