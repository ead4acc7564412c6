package chat.broker;

import chat.model.CloseCodes;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The client WebSocket. The broker is thin: it registers the connection, forwards each text frame to the functions
 * and writes their answers back ({@link DeviceLinks}, shared with long polling). Frames of one connection are handled
 * one after another, so a device's sends are stored in the order it sent them (and the frame rate is counted as
 * frames are handled, not as they arrive).
 */
@WebSocket(path = "/v1/ws", inboundProcessingMode = InboundProcessingMode.SERIAL)
public class ChatSocket {
    private static final Logger LOG = Logger.getLogger(ChatSocket.class);
    private static final TypedKey<Boolean> REGISTERED = TypedKey.forBoolean("chat.registered");
    private final DeviceLinks links;
    private final Heartbeats heartbeats;
    private final Drain drain;
    private final int maxMessageBytes;

    public ChatSocket(DeviceLinks links, Heartbeats heartbeats, Drain drain,
            @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size") int maxMessageBytes) {
        this.links = links;
        this.heartbeats = heartbeats;
        this.drain = drain;
        this.maxMessageBytes = maxMessageBytes;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        if (drain.draining()) { // upgraded just before the drain began
            return Drain.close(new SocketLink(connection));
        }
        heartbeats.alive(connection.id());
        return links.open(new SocketLink(connection), userId(connection), deviceId(connection))
                .invoke(v -> connection.userData().put(REGISTERED, true))
                .onFailure().recoverWithUni(e -> {
                    if (e instanceof FunctionsClient.FunctionsException f && f.status() == 401) {
                        // The device was removed; its token may still verify until it expires.
                        return connection.close(new CloseReason(CloseCodes.DEVICE_REMOVED, "device removed"));
                    }
                    LOG.warnf("could not register connection %s: %s", connection.id(), e.toString());
                    return connection.close(new CloseReason(CloseCodes.TRY_AGAIN_LATER, "registration failed"));
                });
    }

    @OnTextMessage
    public Uni<Void> text(WebSocketConnection connection, String text) {
        if (connection.userData().get(REGISTERED) == null) {
            // Sent before a registration that failed (frames queue behind @OnOpen): never handled.
            return Uni.createFrom().voidItem();
        }
        heartbeats.alive(connection.id());
        return links.frame(new SocketLink(connection), userId(connection), deviceId(connection), text);
    }

    /** The protocol is JSON in text frames; a binary frame is refused like any frame that is not JSON. */
    @OnBinaryMessage
    public Uni<Void> binary(WebSocketConnection connection, Buffer data) {
        heartbeats.alive(connection.id());
        return links.notText(new SocketLink(connection), deviceId(connection));
    }

    @OnPongMessage
    public void pong(WebSocketConnection connection, Buffer data) {
        heartbeats.alive(connection.id());
    }

    /**
     * A text message over the WebSocket layer's limit is the client's doing: closed with 1009 and a reason, logged
     * in one DEBUG line (any client can send them; a stack trace each would flood the log).
     */
    @OnError
    public Uni<Void> error(WebSocketConnection connection, Throwable e) {
        if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
            LOG.debugf("closing %s with 1009: %s", connection.id(), e.getMessage());
            return connection.close(new CloseReason(CloseCodes.MESSAGE_TOO_BIG,
                    "message over " + maxMessageBytes + " bytes"));
        }
        if (e instanceof HttpClosedException || connection.isClosed()) {
            // The peer went away (e.g. right after our 1009 close): nothing to answer, and no error of ours.
            LOG.debugf("connection %s closed by the peer: %s", connection.id(), e.toString());
            return Uni.createFrom().voidItem();
        }
        LOG.errorf(e, "unexpected error on connection %s", connection.id());
        return connection.close(CloseReason.INTERNAL_SERVER_ERROR);
    }

    @OnClose
    public Uni<Void> close(WebSocketConnection connection) {
        heartbeats.gone(connection.id());
        return links.closed(new SocketLink(connection), userId(connection), deviceId(connection));
    }

    private static String userId(WebSocketConnection connection) {
        return connection.userData().get(DeviceAuthenticator.USER_ID);
    }

    private static String deviceId(WebSocketConnection connection) {
        return connection.userData().get(DeviceAuthenticator.DEVICE_ID);
    }
}
