package chat.broker;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** A WebSocket as a {@link DeviceLink}; equal to another wrapper of the same connection. */
public record SocketLink(WebSocketConnection connection) implements DeviceLink {
    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public boolean isClosed() {
        return connection.isClosed();
    }

    @Override
    public Uni<Void> sendText(String text) {
        return connection.sendText(text);
    }

    @Override
    public Uni<Void> close(CloseReason reason) {
        return connection.close(reason);
    }
}
