package chat.broker;

import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;

/**
 * One device's connection to this node, whatever carries it: a WebSocket ({@link SocketLink}) or a long-poll session
 * ({@link PollSession}). Deliveries, displacement and the drain see only this, so both transports behave alike.
 */
public interface DeviceLink {
    /** The connection id the functions store for the device (the one in its hello). */
    String id();

    boolean isClosed();

    /** Queues one frame for the device, in order with the others. */
    Uni<Void> sendText(String text);

    /** Ends the connection with a close code; the device sees it as a WebSocket close. */
    Uni<Void> close(CloseReason reason);
}
