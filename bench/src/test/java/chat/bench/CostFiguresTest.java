package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the cost measurement: splitting the stats and differencing snapshots. */
class CostFiguresTest {
    @Test
    void theStatsSplitIntoCallCountsAndCapacityUnits() {
        FunctionsStats.Snapshot s = FunctionsStats.split(Map.of("DynamoDb.PutItem", 7, "Sqs.SendMessageBatch", 2L,
                "DynamoDb.WriteUnits", 7.0, "DynamoDb.ReadUnits", 1.5, "DynamoDb.ReadUnits.chat-users", 1.5));

        assertThat(s.calls()).containsOnly(Map.entry("DynamoDb.PutItem", 7L), Map.entry("Sqs.SendMessageBatch", 2L));
        assertThat(s.units()).containsOnly(Map.entry("DynamoDb.WriteUnits", 7.0),
                Map.entry("DynamoDb.ReadUnits", 1.5), Map.entry("DynamoDb.ReadUnits.chat-users", 1.5));
    }

    @Test
    void aDiffIsWhatGrewAndCountsNewKeysFromZero() {
        Map<String, Double> d = CostMeter.diff(Map.of("functions", 10.0, "broker", 4.0),
                Map.of("functions", 12.5, "broker", 4.0, "elasticmq", 1.0));

        assertThat(d).containsOnly(Map.entry("functions", 2.5), Map.entry("broker", 0.0),
                Map.entry("elasticmq", 1.0));
    }
}
