package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OneToOneLoadTest {
    @Test
    void noConversationHasAWriterAtBothEnds() {
        for (int users : new int[] {8, 11, 1000}) {
            int contacts = Math.min(5, users / 2 - 1);
            int[] offsets = OneToOneLoad.offsets(users, contacts);
            Set<Long> pairs = new HashSet<>();
            for (int writer = 0; writer < users; writer++) {
                for (int d : offsets) {
                    int reader = (writer + d) % users;
                    assertThat(reader).isNotEqualTo(writer);
                    pairs.add((long) writer * users + reader);
                }
            }
            assertThat(pairs).hasSize(users * contacts);
            for (long p : pairs) {
                long writer = p / users;
                long reader = p % users;
                assertThat(pairs).doesNotContain(reader * users + writer);
            }
        }
    }

    @Test
    void aStepHoldsOnlyWithNothingLostAndP99UnderTheTarget() {
        assertThat(SaturationScenario.broken(step(0, 0, 20))).isNull();
        assertThat(SaturationScenario.broken(step(1, 0, 20))).contains("1 not shown");
        assertThat(SaturationScenario.broken(step(0, 2, 20))).contains("2 sends failed");
        assertThat(SaturationScenario.broken(step(0, 0, 150))).contains("p99 150 ms");
    }

    private static OneToOneLoad.Step step(long lost, long failed, long latencyMs) {
        Latencies delivery = new Latencies();
        for (int i = 0; i < 100; i++) {
            delivery.recordNanos(latencyMs * 1_000_000);
        }
        return new OneToOneLoad.Step(100, Duration.ofSeconds(1), 100, failed, 100, 1.0, delivery, new Latencies(),
                lost, 0, 0);
    }
}
