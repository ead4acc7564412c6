package chat.broker;

import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client connections this node holds, by connection id: how the delivery callback finds a connection in O(1)
 * (websockets-next's {@code OpenConnections.findByConnectionId} scans every open socket). Maintained by
 * {@link ChatSocket} on open and close.
 */
@ApplicationScoped
public class HeldConnections {
    private final Map<String, WebSocketConnection> byId = new ConcurrentHashMap<>();

    public void opened(WebSocketConnection connection) {
        byId.put(connection.id(), connection);
    }

    /** Removes this connection only: a later one under the same id (never seen, ids are random) would stay. */
    public void closed(WebSocketConnection connection) {
        byId.remove(connection.id(), connection);
    }

    /** The connection with this id if this node holds it and it is still open. */
    public Optional<WebSocketConnection> find(String connectionId) {
        WebSocketConnection c = byId.get(connectionId);
        return c == null || c.isClosed() ? Optional.empty() : Optional.of(c);
    }

    /** A snapshot of every held connection. */
    public List<WebSocketConnection> all() {
        return List.copyOf(byId.values());
    }

    public int size() {
        return byId.size();
    }
}
