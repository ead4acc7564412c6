package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchRunnerTest {
    @Test
    void noScenarioNamedMeansAllOfThem() {
        assertThat(BenchRunner.choose(BenchArgs.parse(new String[] {"--group-rate", "5"})))
                .isEqualTo(BenchRunner.SCENARIOS);
    }

    @Test
    void namedScenariosRunInTheGivenOrder() {
        assertThat(BenchRunner.choose(BenchArgs.parse(new String[] {"group", "sequential"})))
                .extracting(Scenario::name).containsExactly("group", "sequential");
    }

    @Test
    void anUnknownScenarioOrOptionIsAUsageError() {
        assertThatThrownBy(() -> BenchRunner.choose(BenchArgs.parse(new String[] {"grop"})))
                .hasMessage("no scenario 'grop'");
        assertThatThrownBy(() -> BenchRunner.choose(BenchArgs.parse(new String[] {"--group-rat", "5"})))
                .hasMessage("unknown option --group-rat");
    }

    @Test
    void aNumberOptionThatIsNotANumberIsNamedInTheError() {
        assertThatThrownBy(() -> BenchArgs.parse(new String[] {"--group-rate", "fast"}).decimal("group-rate", 1))
                .hasMessageContaining("--group-rate must be a number");
    }
}
