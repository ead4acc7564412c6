package chat.functions.routing;

import chat.functions.ChatConfig;
import chat.functions.broker.BrokerLiveness;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * Pushes of a direct chat (its messages, receipts and typing notices): by user to every live broker node while the
 * fleet is small ({@code chat.fanout.by-user-max-brokers}), by connection above that.
 *
 * <p>Why: a push by connection first reads where both members are connected, a strongly consistent read of two
 * items (two read units, and on this machine the costliest part of the push); a push by user costs a call per
 * node instead, each answered by the node from its own index of the users it holds. A call that finds nobody costs
 * the node well under a millisecond of CPU, orders of magnitude less than the read units, so the calls are cheaper
 * until the fleet is large; past the threshold a message would cost more calls in flight than it saves.
 * What reaches whom is the same either way: both answer which devices took the frames.
 */
@ApplicationScoped
public class DirectRouter {
    private final ConnectionRouter connections;
    private final UserRouter users;
    private final BrokerLiveness liveness;
    private final int byUserMaxBrokers;

    public DirectRouter(ConnectionRouter connections, UserRouter users, BrokerLiveness liveness, ChatConfig config) {
        this.connections = connections;
        this.users = users;
        this.liveness = liveness;
        this.byUserMaxBrokers = config.fanout().byUserMaxBrokers();
    }

    /** Delivers the pushes, in list order per device; completes when every node called answered or failed. */
    public ConnectionRouter.Outcome push(List<Push> pushes) {
        if (pushes.isEmpty()) {
            return new ConnectionRouter.Outcome(0, 0, 0, Set.of());
        }
        boolean smallFleet = byUserMaxBrokers > 0 && liveness.routableCallbackUrls().size() <= byUserMaxBrokers;
        return smallFleet ? users.push(pushes) : connections.push(pushes);
    }
}
