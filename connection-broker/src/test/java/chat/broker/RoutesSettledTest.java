package chat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/**
 * A node whose registration is not yet older than the functions' brokers cache takes no connection: in the test
 * profile no heartbeat is ever accepted (the functions URL leads nowhere), so this node never settles.
 */
@QuarkusTest
class RoutesSettledTest {
    @Inject
    @Readiness
    Liveness liveness;
    @Inject
    RoutesSettledUpgradeCheck check;

    @Test
    void aNodeThatNeverBecomesKnownToEveryCachedBrokersListHoldsUpgradesThenRefusesThemWith503AndIsNotReady() {
        long start = System.nanoTime();
        CheckResult result = check.perform(null).await().atMost(Duration.ofSeconds(30));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
                RoutesSettledUpgradeCheck.MAX_WAIT);
        assertThat(liveness.routesSettled()).isFalse();
        assertThat(result.isUpgradePermitted()).isFalse();
        assertThat(result.getHttpResponseCode()).isEqualTo(503);
        assertThat(result.getResponseHeaders().get("X-Chat-Error")).containsExactly("UNAVAILABLE");
        assertThat(liveness.call().getStatus().name()).isEqualTo("DOWN");
    }
}
