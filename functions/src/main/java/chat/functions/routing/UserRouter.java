package chat.functions.routing;

import chat.functions.broker.BrokerCallbacks;
import chat.functions.broker.BrokerLiveness;
import chat.functions.broker.CallbackFailure;
import chat.model.internal.DeliveryBatch;
import chat.model.internal.DeliveryResult;
import chat.model.internal.ReachedDevice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Pushes group frames by user, not by connection: one delivery batch naming the users goes to every live broker
 * node, and each pushes to the connections it holds of them. No read of where each member is connected (a group
 * message used to read 256 connection items); the brokers list is cached ({@link BrokerLiveness#routable}).
 *
 * <p>A node that is gone (see {@link CallbackFailure}) holds nobody's sockets: skipped, and marked dead so that the
 * reaper clears all its connections on its next sweep ({@link BrokerLiveness#refused}), not after its expiry.
 * A node that refuses or does not answer in time may hold members' sockets, so the push fails and the fan-out batch
 * comes again, as for {@link ConnectionRouter}. Direct chats use it too while the fleet is small ({@link DirectRouter}).
 */
@ApplicationScoped
public class UserRouter {
    private static final Logger LOG = Logger.getLogger(UserRouter.class);
    private final BrokerLiveness liveness;
    private final BrokerCallbacks brokers;

    public UserRouter(BrokerLiveness liveness, BrokerCallbacks brokers) {
        this.liveness = liveness;
        this.brokers = brokers;
    }

    /** Delivers the pushes, in list order per user; completes when every node answered or failed. */
    public ConnectionRouter.Outcome push(List<Push> pushes) {
        if (pushes.isEmpty()) {
            return new ConnectionRouter.Outcome(0, 0, 0, Set.of());
        }
        DeliveryBatch.Builder builder = DeliveryBatch.builder();
        for (Push p : pushes) {
            if (p.onlyDeviceId() != null) {
                // A user delivery names no single device; those go by connection (ConnectionRouter).
                throw new IllegalArgumentException("a push to one device goes through the ConnectionRouter");
            }
            builder.pushToUser(p.userId(), p.exceptDeviceId(), p.frame());
        }
        DeliveryBatch batch = builder.build();
        List<CompletableFuture<List<ReachedDevice>>> calls = new ArrayList<>();
        Set<String> urls = liveness.routableCallbackUrls();
        Set<String> gone = ConcurrentHashMap.newKeySet();
        for (String url : urls) {
            calls.add(brokers.deliver(url, batch)
                    .thenApply(DeliveryResult::reached)
                    .exceptionally(e -> switch (CallbackFailure.of(e)) {
                        case GONE -> {
                            LOG.debugf("broker %s is gone (%s); it holds nobody's connections", url, e.getMessage());
                            gone.add(url);
                            yield List.of();
                        }
                        case REFUSED -> throw new IllegalStateException("broker " + url + " refused a delivery: "
                                + e.getMessage(), e);
                        case UNCERTAIN -> throw new IllegalStateException("broker " + url
                                + " did not answer a delivery: " + e, e);
                    }));
        }
        Set<String> reached = new HashSet<>();
        for (CompletableFuture<List<ReachedDevice>> call : calls) {
            call.join().forEach(r -> reached.add(r.userId() + "#" + r.deviceId()));
        }
        // Rare (a node died and the reaper has not claimed it yet), and then its users should not look online.
        for (String url : gone) {
            try {
                liveness.refused(url);
            } catch (RuntimeException e) {
                LOG.warnf("could not mark the brokers at %s dead (the reaper will, after their expiry): %s", url,
                        e.toString());
            }
        }
        return new ConnectionRouter.Outcome(reached.size(), batch.frames().size(), 0, reached);
    }
}
