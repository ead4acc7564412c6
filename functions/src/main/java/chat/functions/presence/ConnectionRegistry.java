package chat.functions.presence;

import chat.functions.fanout.BrokerCallbacks;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.model.CloseCodes;
import chat.model.Ids;
import chat.model.internal.ConnectionClosed;
import chat.model.internal.ConnectionOpened;
import chat.model.internal.Delivery;
import chat.model.internal.DeliveryBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Where each device is connected. A device has one connection at a time: registering a new one displaces the old,
 * which its broker closes with {@link CloseCodes#DISPLACED}.
 */
@ApplicationScoped
public class ConnectionRegistry {
    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class);
    /** Expiry written for cloud TTL clean-up of records a crashed broker left behind. */
    private static final Duration RECORD_TTL = Duration.ofDays(1);
    private final ConnectionsTable connections;
    private final BrokerCallbacks brokers;
    private final Clock clock;

    public ConnectionRegistry(ConnectionsTable connections, BrokerCallbacks brokers, Clock clock) {
        this.connections = connections;
        this.brokers = brokers;
        this.clock = clock;
    }

    public void opened(ConnectionOpened o) {
        Ids.requireMatch(Ids.USER_ID, o.userId(), "userId");
        Ids.requireMatch(Ids.DEVICE_ID, o.deviceId(), "deviceId");
        Ids.requireMatch(Ids.CONNECTION_ID, o.connectionId(), "connectionId");
        long now = clock.millis();
        connections.put(new Connection(o.userId(), o.deviceId(), o.connectionId(), o.nodeId(), o.callbackUrl()),
                now, (now + RECORD_TTL.toMillis()) / 1000)
                .filter(old -> !old.connectionId().equals(o.connectionId()))
                .ifPresent(this::displace);
    }

    public void closed(ConnectionClosed c) {
        connections.removeIfCurrent(c.userId(), c.deviceId(), c.connectionId());
    }

    private void displace(Connection old) {
        brokers.deliver(old.callbackUrl(), new DeliveryBatch(List.of(Delivery.close(old.connectionId(),
                        CloseCodes.DISPLACED, "device connected again elsewhere"))))
                .exceptionally(e -> {
                    LOG.debugf("could not reach %s to displace %s: %s", old.callbackUrl(), old.connectionId(), e);
                    return null;
                });
    }
}
