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
    void theConnectionsScenarioHoldsEveryConnectionAndMeasuresTheBroker(ChatSystem system) throws Exception {
        BenchArgs args = BenchArgs.parse(new String[] {"--connections-count", "40", "--connections-hold-seconds", "1"});
        ScenarioResult r = new ConnectionsScenario().run(BenchContext.of(system), args);
        assertThat(r.figures()).containsEntry("held", 40).containsEntry("droppedWhileHeld", 0)
                .containsEntry("stillOpenAfterHold", true).containsEntry("stopReason", null)
                .containsEntry("abortedAtClose", 0);
        // The functions' HTTP connections to the broker's callback API share its port: a few more may be counted.
        assertThat((Integer) r.figures().get("brokerEstablishedWhileHeld")).isBetween(40, 48);
        assertThat((Long) r.figures().get("brokerOpenFileLimit")).isPositive();
        assertThat((Double) r.figures().get("heapBaselineMiB")).isPositive();
        assertThat((Double) r.figures().get("heapHeldMiB")).isPositive();
        assertThat((Double) r.figures().get("rssHeldMiB")).isPositive();
        assertThat(r.figures().get("heapPerConnectionKiB")).isInstanceOf(Double.class);
        assertThat(r.figures().get("rssPerConnectionKiB")).isInstanceOf(Double.class);
        assertThat((Long) r.figures().get("connectPerSecond")).isPositive();
        assertThat((Double) r.figures().get("dynamoWriteRequestsPerConnection")).isPositive();
        assertThat(r.met()).isFalse();
    }
}
