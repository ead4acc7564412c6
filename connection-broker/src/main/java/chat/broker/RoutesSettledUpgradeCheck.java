package chat.broker;

import chat.model.ErrorCode;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.Readiness;

/**
 * A node refuses upgrades with 503 UNAVAILABLE until {@link Liveness#routesSettled()}: a device connected earlier
 * could miss a group frame from a fan-out whose cached brokers list does not name this node yet. Only a new node
 * refuses, for about {@code chat.broker.routes-settle}; load balancers do not send clients to it before it is ready.
 */
@ApplicationScoped
@Priority(RoutesSettledUpgradeCheck.PRIORITY)
public class RoutesSettledUpgradeCheck implements HttpUpgradeCheck {
    /** With the drain check, before the credential check: a refused upgrade costs no token check. */
    static final int PRIORITY = DrainingUpgradeCheck.PRIORITY - 1;
    private final Liveness liveness;

    public RoutesSettledUpgradeCheck(@Readiness Liveness liveness) {
        this.liveness = liveness;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return liveness.routesSettled() ? CheckResult.permitUpgrade()
                : CheckResult.rejectUpgrade(503, Map.of("X-Chat-Error", List.of(ErrorCode.UNAVAILABLE.name()),
                        "X-Chat-Error-Message", List.of("broker is starting; retry or connect to another")));
    }
}
