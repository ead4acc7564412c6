package chat.functions.routing;

import chat.functions.broker.BrokerCallbacks;
import chat.functions.broker.CallbackFailure;
import chat.functions.presence.ConnectionRegistry;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.model.internal.DeliveryBatch;
import chat.model.internal.DeliveryResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Pushes frames to users' connected devices: looks up where each device is connected, groups the frames per broker
 * node and calls the nodes in parallel. Connections a node no longer holds, or on a node that is gone (see
 * {@link CallbackFailure}), are forgotten: those devices count as offline and catch up by sync when they come back.
 * A node that refuses or does not answer in time fails the push, so the fan-out batch comes again.
 */
@ApplicationScoped
public class ConnectionRouter {
    private static final Logger LOG = Logger.getLogger(ConnectionRouter.class);
    private final ConnectionsTable connections;
    private final BrokerCallbacks brokers;
    private final ConnectionRegistry registry;

    public ConnectionRouter(ConnectionsTable connections, BrokerCallbacks brokers, ConnectionRegistry registry) {
        this.connections = connections;
        this.brokers = brokers;
        this.registry = registry;
    }

    /**
     * Outcome counts, and the devices ({@code userId#deviceId}) whose broker accepted their frames: every other
     * device of the addressed users is offline as far as this push could tell.
     */
    public record Outcome(int connections, int frames, int forgotten, Set<String> reached) {
    }

    /** Delivers the pushes, in list order per connection; completes when every broker answered or failed. */
    public Outcome push(List<Push> pushes) {
        if (pushes.isEmpty()) {
            return new Outcome(0, 0, 0, Set.of());
        }
        Map<String, List<Connection>> byUser = lookUp(pushes);
        Map<String, Connection> byConnectionId = new HashMap<>();
        Map<String, DeliveryBatch.Builder> byNode = new LinkedHashMap<>();
        int frameCount = 0;
        for (Push push : pushes) {
            for (Connection c : byUser.getOrDefault(push.userId(), List.of())) {
                if (!push.reaches(c.deviceId())) {
                    continue;
                }
                byConnectionId.put(c.connectionId(), c);
                byNode.computeIfAbsent(c.callbackUrl(), k -> DeliveryBatch.builder()).push(c.connectionId(),
                        push.frame());
                frameCount++;
            }
        }
        List<CompletableFuture<List<String>>> calls = new ArrayList<>();
        byNode.forEach((node, batch) -> {
            calls.add(brokers.deliver(node, batch.build())
                    .thenApply(DeliveryResult::unknownConnections)
                    .exceptionally(e -> switch (CallbackFailure.of(e)) {
                        case GONE -> {
                            List<String> held = byConnectionId.values().stream()
                                    .filter(c -> c.callbackUrl().equals(node)).map(Connection::connectionId).toList();
                            LOG.warnf("broker %s is gone (%s); forgetting its %d connections", node, e.getMessage(),
                                    held.size());
                            yield held;
                        }
                        // Refused or slow: the node may well hold its devices' sockets, so fail the batch for a retry.
                        case REFUSED -> throw new IllegalStateException("broker " + node + " refused a delivery: "
                                + e.getMessage(), e);
                        case UNCERTAIN -> throw new IllegalStateException("broker " + node
                                + " did not answer a delivery: " + e, e);
                    }));
        });
        int forgotten = 0;
        Set<String> goneIds = new HashSet<>();
        for (CompletableFuture<List<String>> call : calls) {
            for (String gone : call.join()) {
                Connection c = byConnectionId.get(gone);
                if (c != null) {
                    // As a close: the user may have gone offline without their broker saying so.
                    registry.forgotten(c);
                    goneIds.add(gone);
                    forgotten++;
                }
            }
        }
        Set<String> reached = new HashSet<>();
        byConnectionId.forEach((id, c) -> {
            if (!goneIds.contains(id)) {
                reached.add(c.userId() + "#" + c.deviceId());
            }
        });
        return new Outcome(byConnectionId.size(), frameCount, forgotten, reached);
    }

    private Map<String, List<Connection>> lookUp(List<Push> pushes) {
        Set<String> users = new LinkedHashSet<>();
        pushes.forEach(p -> users.add(p.userId()));
        return connections.ofUsers(users);
    }

}
