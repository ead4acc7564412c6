package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PricesTest {
    @Test
    void oneUnitOrRequestPerMessageCostsTheListPricePerMillion() {
        Map<String, Double> usd = Prices.usdPerMillionMessages(1, 1, 1, 0, 0);

        assertThat(usd).containsEntry("dynamoWrites", 0.625).containsEntry("dynamoReads", 0.125)
                .containsEntry("sqs", 0.40).containsEntry("compute", 0.0).containsEntry("total", 1.15);
    }

    @Test
    void scalesWithUsagePerMessage() {
        Map<String, Double> usd = Prices.usdPerMillionMessages(4, 2.5, 3, 0, 0);

        assertThat(usd).containsEntry("dynamoWrites", 2.5).containsEntry("dynamoReads", 0.3125)
                .containsEntry("sqs", 1.2).containsEntry("total", 4.0125);
    }

    @Test
    void pricesFunctionsCpuAsALambdaVcpuAndBrokerCpuAsFargateAtItsScalingTarget() {
        // Lambda: $0.0000166667 per GB-second at 1,769 MB = one vCPU
        assertThat(Prices.functionsCpuSecond()).isCloseTo(0.0000166667 * 1769 / 1024, within(1e-12));
        // Fargate: vCPU-hour plus 2 GB-hours, over 3,600 s, at 60 % utilisation
        assertThat(Prices.brokerCpuSecond()).isCloseTo((0.04048 + 2 * 0.004445) / 3600 / 0.6, within(1e-12));
        // a millisecond of each per message: a million of them is 1,000 CPU-s of each
        Map<String, Double> usd = Prices.usdPerMillionMessages(0, 0, 0, 0.001, 0.001);
        assertThat(usd.get("compute")).isCloseTo(0.028792 + 0.022856, within(0.0001));
        assertThat(usd.get("total")).isEqualTo(usd.get("compute"));
    }

    @Test
    void theAssumptionNamesThePricesItUses() {
        assertThat(Prices.COMPUTE_ASSUMPTION).contains("Lambda", "1,769 MB", "Fargate", "$0.04048", "60 %");
    }
}
