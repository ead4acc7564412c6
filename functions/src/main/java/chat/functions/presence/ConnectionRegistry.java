package chat.functions.presence;

import chat.functions.broker.BrokerCallbacks;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.functions.store.ConnectionsTable.Replaced;
import chat.functions.store.NodeConnectionsTable;
import chat.functions.store.UsersTable;
import chat.functions.support.AfterCall;
import chat.model.CloseCodes;
import chat.model.Ids;
import chat.model.internal.ConnectionClosed;
import chat.model.internal.ConnectionOpened;
import chat.model.internal.DeliveryBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where each device is connected, and the online/offline transitions that follow. A device has one connection at a
 * time: registering a new one displaces the old, which its broker closes with {@link CloseCodes#DISPLACED}. A user
 * comes online when the first live device entry appears and goes offline (last seen = now) when the last one goes;
 * both are decided on the atomic old/new image of the user's connections item, so concurrent devices agree.
 */
@ApplicationScoped
public class ConnectionRegistry {
    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class);
    /** Expiry written for cloud TTL clean-up of records a crashed broker left behind. */
    private static final Duration RECORD_TTL = Duration.ofDays(1);
    private final ConnectionsTable connections;
    private final NodeConnectionsTable nodeConnections;
    private final UsersTable users;
    private final PresenceReader presence;
    private final PresenceNotifier notifier;
    private final BrokerCallbacks brokers;
    private final AfterCall afterCall;
    private final Clock clock;

    public ConnectionRegistry(ConnectionsTable connections, NodeConnectionsTable nodeConnections, UsersTable users,
            PresenceReader presence, PresenceNotifier notifier, BrokerCallbacks brokers, AfterCall afterCall,
            Clock clock) {
        this.connections = connections;
        this.nodeConnections = nodeConnections;
        this.users = users;
        this.presence = presence;
        this.notifier = notifier;
        this.brokers = brokers;
        this.afterCall = afterCall;
        this.clock = clock;
    }

    public void opened(ConnectionOpened o) {
        Ids.requireMatch(Ids.USER_ID, o.userId(), "userId");
        Ids.requireMatch(Ids.DEVICE_ID, o.deviceId(), "deviceId");
        Ids.requireMatch(Ids.CONNECTION_ID, o.connectionId(), "connectionId");
        long now = clock.millis();
        long ttl = (now + RECORD_TTL.toMillis()) / 1000;
        // The per-node index first: if the broker dies right after, the reaper still finds this device.
        nodeConnections.put(o.nodeId(), o.userId(), o.deviceId(), o.connectionId(), ttl);
        Replaced replaced = connections.put(new Connection(o.userId(), o.deviceId(), o.connectionId(), o.nodeId(),
                o.callbackUrl()), now, ttl);
        Optional<Connection> old = replaced.previous().filter(c -> !c.connectionId().equals(o.connectionId()));
        old.ifPresent(this::displace);
        old.filter(c -> !c.nodeId().equals(o.nodeId()))
                .ifPresent(c -> nodeConnections.remove(c.nodeId(), c.userId(), c.deviceId(), c.connectionId()));
        if (!presence.anyLive(replaced.before())) {
            notifier.changed(o.userId(), true, 0);
        }
    }

    public void closed(ConnectionClosed c) {
        Optional<List<Connection>> remaining = connections.removeIfCurrent(c.userId(), c.deviceId(),
                c.connectionId());
        wentOffline(c.userId(), remaining);
        // Only the reaper reads this index, so it is tidied after the subscribers were told.
        if (c.nodeId() != null) {
            nodeConnections.remove(c.nodeId(), c.userId(), c.deviceId(), c.connectionId());
        }
    }

    /**
     * A broker answered that it no longer holds this connection (its close was never reported, e.g. the call
     * failed): the same as a close.
     */
    public void forgotten(Connection c) {
        closed(new ConnectionClosed(c.userId(), c.deviceId(), c.connectionId(), c.nodeId()));
    }

    private void wentOffline(String userId, Optional<List<Connection>> remaining) {
        if (remaining.isPresent() && !presence.anyLive(remaining.get())) {
            long now = clock.millis();
            users.recordLastSeen(userId, now);
            notifier.changed(userId, false, now);
        }
    }

    /** Best effort: the old connection is no longer registered, so it gets nothing more in any case. */
    private void displace(Connection old) {
        afterCall.run("displacing " + old.connectionId(), () -> brokers.deliver(old.callbackUrl(),
                        DeliveryBatch.builder().close(old.connectionId(), CloseCodes.DISPLACED,
                                "device connected again elsewhere").build())
                // often a broker that died, which is why the device connected again: not worth a warning
                .exceptionally(e -> {
                    LOG.debugf("could not reach %s to displace %s: %s", old.callbackUrl(), old.connectionId(), e);
                    return null;
                }));
    }
}
