package chat.broker;

import chat.model.ErrorCode;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.Readiness;

/**
 * A node holds every upgrade until {@link Liveness#routesSettled()}: a device connected earlier could miss a group
 * frame from a fan-out whose cached brokers list does not name this node yet. The upgrade waits (without blocking a
 * thread) rather than being refused, so a client reconnecting to a node that just started does not back off; only a
 * node that cannot register within {@link #MAX_WAIT} refuses, with 503 UNAVAILABLE. Load balancers do not send
 * clients here before the node is ready anyway.
 */
@ApplicationScoped
@Priority(RoutesSettledUpgradeCheck.PRIORITY)
public class RoutesSettledUpgradeCheck implements HttpUpgradeCheck {
    /** With the drain check, before the credential check: a held upgrade costs no token check yet. */
    static final int PRIORITY = DrainingUpgradeCheck.PRIORITY - 1;
    /** Longest an upgrade is held; within common client connect timeouts (10 s). */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(50);
    private final Liveness liveness;

    public RoutesSettledUpgradeCheck(@Readiness Liveness liveness) {
        this.liveness = liveness;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (liveness.routesSettled()) {
            return CheckResult.permitUpgrade();
        }
        return Multi.createFrom().ticks().every(POLL).filter(t -> liveness.routesSettled())
                .toUni().replaceWith(CheckResult.permitUpgradeSync())
                .ifNoItem().after(MAX_WAIT).recoverWithUni(() -> CheckResult.rejectUpgrade(503,
                        Map.of("X-Chat-Error", List.of(ErrorCode.UNAVAILABLE.name()),
                                "X-Chat-Error-Message", List.of("broker is starting; retry or connect to another"))));
    }
}
