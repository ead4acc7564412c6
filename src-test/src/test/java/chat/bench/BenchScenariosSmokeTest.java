package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2e.SharedSystem;
import chat.system.ChatSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The benchmark scenarios run end to end at a tiny size, so that they keep working between benchmark runs. */
@ExtendWith(SharedSystem.class)
class BenchScenariosSmokeTest {
    @Test
    void theGroupScenarioAccountsForEveryMessageOnEveryScreenAndOnSync(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--group-members", "6", "--group-online", "4",
                "--group-messages", "20", "--group-warmup", "2", "--group-rate", "50"});
        ScenarioResult r = new GroupFanoutScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("deliveries", 20L * 3).containsEntry("offlineMembersSynced", 2);
        assertThat((Double) r.figures().get("dynamoWriteRequestsPerMessage")).isGreaterThan(0);
    }

    @Test
    void theSequentialScenarioMeasuresEveryMessage(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--sequential-messages", "20", "--sequential-warmup", "2"});
        ScenarioResult r = new SequentialScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("messages", 20);
        assertThat((Double) r.figures().get("deliveryP50Ms")).isPositive();
    }

    @Test
    void theSteadyScenarioShowsEveryMessageToItsReaderOnceAndInOrder(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--steady-users", "8", "--steady-contacts", "2",
                "--steady-rate", "40", "--steady-seconds", "1", "--steady-warmup-seconds", "0"});
        ScenarioResult r = new SteadyScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("sent", 40L).containsEntry("delivered", 40L)
                .containsEntry("lost", 0L).containsEntry("failedSends", 0L).containsEntry("conversations", 16);
        assertThat((Double) r.figures().get("deliveryP99Ms")).isPositive();
    }

    @Test
    void theSaturationScenarioStopsAtItsCeilingAndReportsEveryStep(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--saturation-users", "8", "--saturation-contacts", "2",
                "--saturation-start", "10", "--saturation-factor", "2", "--saturation-seconds", "1",
                "--saturation-max", "40"});
        ScenarioResult r = new SaturationScenario().run(BenchContext.of(system), args);
        assertThat((java.util.List<?>) r.figures().get("steps")).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat((Double) r.figures().get("highestRateHeld")).isLessThanOrEqualTo(40.0);
    }
}
