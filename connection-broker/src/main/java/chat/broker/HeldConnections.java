package chat.broker;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client connections this node holds (WebSockets and long-poll sessions), by connection id: how the delivery
 * callback finds a connection in O(1) (websockets-next's {@code OpenConnections.findByConnectionId} scans every open
 * socket); and by user, for group fan-out, which addresses users rather than connections. Maintained by
 * {@link DeviceLinks} on open and close.
 */
@ApplicationScoped
public class HeldConnections {
    /** A held connection and whose it is. */
    public record Held(DeviceLink connection, String userId, String deviceId) {
    }

    private final Map<String, Held> byId = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Held>> byUser = new ConcurrentHashMap<>();

    /** A connection not known to be anyone's (only findable by id). */
    public void opened(DeviceLink connection) {
        opened(connection, null, null);
    }

    /** A connection of this device; found by id at once, by user only once {@link #addressable}. */
    public void opened(DeviceLink connection, String userId, String deviceId) {
        byId.put(connection.id(), new Held(connection, userId, deviceId));
    }

    /**
     * From now on user-addressed deliveries reach the connection. {@link DeviceLinks} calls it once the device has its
     * hello, before any frame of the device is handled: so a device's first sync starts after this, and a group
     * frame delivered before this is one whose head that sync sees.
     */
    public void addressable(DeviceLink connection) {
        Held h = byId.get(connection.id());
        if (h == null || !h.connection().equals(connection) || h.userId() == null) {
            return;
        }
        // In one step with the map's creation: a concurrent close must not drop the map this goes into.
        byUser.compute(h.userId(), (u, held) -> {
            Map<String, Held> m = held == null ? new ConcurrentHashMap<>() : held;
            m.put(connection.id(), h);
            return m;
        });
        if (connection.isClosed() || byId.get(connection.id()) != h) {
            // Closed meanwhile: its close may have run before this, so undo it here.
            removeFromUser(h);
        }
    }

    /** Removes this connection only: a later one under the same id (never seen, ids are random) would stay. */
    public void closed(DeviceLink connection) {
        Held h = byId.get(connection.id());
        if (h == null || !h.connection().equals(connection) || !byId.remove(connection.id(), h)) {
            return;
        }
        removeFromUser(h);
    }

    private void removeFromUser(Held h) {
        if (h.userId() != null) {
            // Atomically drop the user's entry once their last connection here is gone.
            byUser.computeIfPresent(h.userId(), (u, held) -> {
                held.remove(h.connection().id(), h);
                return held.isEmpty() ? null : held;
            });
        }
    }

    /** The connection with this id if this node holds it and it is still open. */
    public Optional<DeviceLink> find(String connectionId) {
        Held h = byId.get(connectionId);
        return h == null || h.connection().isClosed() ? Optional.empty() : Optional.of(h.connection());
    }

    /** The user's open connections on this node. */
    public List<Held> ofUser(String userId) {
        Map<String, Held> held = byUser.get(userId);
        return held == null ? List.of()
                : held.values().stream().filter(h -> !h.connection().isClosed()).toList();
    }

    /** A snapshot of every held connection. */
    public List<DeviceLink> all() {
        return byId.values().stream().map(Held::connection).toList();
    }

    public int size() {
        return byId.size();
    }
}
