package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchRunnerTest {
    @Test
    void noScenarioNamedMeansAllOfThemButTheTableWhichRunsThemItself() {
        assertThat(BenchRunner.choose(BenchArgs.parse(new String[] {"--group-rate", "5"})))
                .extracting(Scenario::name)
                .containsExactly("sequential", "steady", "saturation", "group", "reconnect", "connections",
                        "history", "media");
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
    void acksAreSentAsTheClientSendsThemUnlessNoneIsAsked() {
        assertThat(AckMode.of(BenchArgs.parse(new String[0]))).isEqualTo(AckMode.CLIENT);
        assertThat(AckMode.of(BenchArgs.parse(new String[] {"--acks", "client"}))).isEqualTo(AckMode.CLIENT);
        assertThat(AckMode.of(BenchArgs.parse(new String[] {"--acks", "none"}))).isEqualTo(AckMode.NONE);
        assertThat(AckMode.of(BenchArgs.parse(new String[] {"--acks", "delivered"}))).isEqualTo(AckMode.DELIVERED);
    }

    @Test
    void anAcksValueOtherThanNoneOrClientIsAUsageErrorBeforeAnythingStarts() {
        for (String[] argv : new String[][] {{"--acks", "sometimes"}, {"--acks", "CLIENT"}, {"sequential", "--acks"}}) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            java.io.PrintStream errors = new java.io.PrintStream(err, true);

            assertThat(BenchRunner.exitStatus(argv, errors, errors)).as(String.join(" ", argv)).isEqualTo(2);
            assertThat(err.toString()).contains("--acks must be none, delivered or client, not '")
                    .contains("--acks none|delivered|client");
        }
    }

    @Test
    void aNumberOptionThatIsNotANumberIsNamedInTheError() {
        assertThatThrownBy(() -> BenchArgs.parse(new String[] {"--group-rate", "fast"}).decimal("group-rate", 1))
                .hasMessageContaining("--group-rate must be a number");
    }

    @Test
    void anOptionValueOutOfRangeIsAUsageErrorWithItsMessageAndALossOutranksIt() {
        Scenario misused = scenario("misused", () -> {
            throw new IllegalArgumentException("need steady-rate > 0");
        });
        Scenario lossy = scenario("lossy", () -> {
            throw new BenchFailure("the receiver shows 9 of 10");
        });
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(text, true);
        BenchArgs none = BenchArgs.parse(new String[0]);

        assertThat(BenchRunner.runAll(null, none, java.util.List.of(misused), out)).isEqualTo(2);
        assertThat(text.toString()).contains("FAILED misused: need steady-rate > 0");
        assertThat(BenchRunner.runAll(null, none, java.util.List.of(misused, lossy), out)).isEqualTo(1);
    }

    @Test
    void aGroupBodyOfNoBytesOrOverTheProtocolLimitIsRefusedBeforeAnythingIsSent() {
        for (String size : new String[] {"0", "65537"}) {
            BenchArgs args = BenchArgs.parse(new String[] {"--group-body-bytes", size});
            assertThatThrownBy(() -> new GroupFanoutScenario().run(null, args))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group-body-bytes <= 65536");
        }
    }

    private static Scenario scenario(String name, Runnable body) {
        return new Scenario() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String summary() {
                return name;
            }

            @Override
            public java.util.List<Option> options() {
                return java.util.List.of();
            }

            @Override
            public ScenarioResult run(BenchContext context, BenchArgs args) {
                body.run();
                return null;
            }
        };
    }
}
