package chat.broker;

import chat.model.ErrorCode;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * A draining node refuses every upgrade with 503 UNAVAILABLE, so the client connects to another broker. Checks run by
 * bean priority, highest first: this one comes before the credential check, so a draining node never spends a token
 * check (or a functions call) on a connection it would refuse anyway, and the client always learns it is draining.
 */
@ApplicationScoped
@Priority(DrainingUpgradeCheck.PRIORITY)
public class DrainingUpgradeCheck implements HttpUpgradeCheck {
    /** Above {@link DeviceAuthenticator}'s default priority. */
    static final int PRIORITY = 1000;
    private final Drain drain;

    public DrainingUpgradeCheck(Drain drain) {
        this.drain = drain;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return drain.draining()
                ? CheckResult.rejectUpgrade(503, Map.of("X-Chat-Error", List.of(ErrorCode.UNAVAILABLE.name()),
                        "X-Chat-Error-Message", List.of("broker is shutting down; connect to another")))
                : CheckResult.permitUpgrade();
    }
}
