package chat.broker;

import chat.model.CloseCodes;
import chat.model.ErrorCode;
import chat.model.Limits;
import chat.model.frames.ErrorFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.HelloFrame;
import chat.model.internal.ConnectionClosed;
import chat.model.internal.ConnectionOpened;
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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The client WebSocket. The broker is thin: it registers the connection, forwards each text frame to the functions
 * and writes their answers back. Frames of one connection are handled one after another, so a device's sends are
 * stored in the order it sent them (and the frame rate is counted as frames are handled, not as they arrive).
 */
@WebSocket(path = "/v1/ws", inboundProcessingMode = InboundProcessingMode.SERIAL)
public class ChatSocket {
    private static final Logger LOG = Logger.getLogger(ChatSocket.class);
    private static final TypedKey<Boolean> REGISTERED = TypedKey.forBoolean("chat.registered");
    private final FunctionsClient functions;
    private final NodeIdentity node;
    private final Heartbeats heartbeats;
    private final FrameRateLimiter rateLimiter;
    private final HeldConnections held;
    private final Drain drain;
    private final int heartbeatSeconds;
    private final int maxMessageBytes;
    private final BrokerMeters meters;
    private final FrameAdmission admission;

    public ChatSocket(FunctionsClient functions, NodeIdentity node, Heartbeats heartbeats, FrameRateLimiter rateLimiter,
            FrameAdmission admission, HeldConnections held, Drain drain, BrokerConfig config, BrokerMeters meters,
            @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size") int maxMessageBytes) {
        this.meters = meters;
        this.admission = admission;
        this.functions = functions;
        this.node = node;
        this.heartbeats = heartbeats;
        this.rateLimiter = rateLimiter;
        this.held = held;
        this.drain = drain;
        this.heartbeatSeconds = (int) config.broker().heartbeatInterval().toSeconds();
        this.maxMessageBytes = maxMessageBytes;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        if (drain.draining()) { // upgraded just before the drain began
            return Drain.close(connection);
        }
        String userId = connection.userData().get(DeviceAuthenticator.USER_ID);
        String deviceId = connection.userData().get(DeviceAuthenticator.DEVICE_ID);
        held.opened(connection, userId, deviceId);
        heartbeats.alive(connection.id());
        return functions.opened(new ConnectionOpened(userId, deviceId, connection.id(), node.instanceId(),
                        node.callbackUrl()))
                .invoke(v -> connection.userData().put(REGISTERED, true))
                .flatMap(v -> connection.isClosed()
                        // Closed while registering: its close may have been reported before the registration landed.
                        ? unregister(connection)
                        : connection.sendText(FrameCodec.encode(new HelloFrame(userId, deviceId, connection.id(),
                                System.currentTimeMillis(), heartbeatSeconds)))
                                .invoke(() -> held.addressable(connection)))
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
        String userId = connection.userData().get(DeviceAuthenticator.USER_ID);
        String deviceId = connection.userData().get(DeviceAuthenticator.DEVICE_ID);
        Uni<Void> limited = refusedByRateLimit(connection, deviceId,
                () -> text.length() > Limits.MAX_FRAME_BYTES ? null : reqIdOf(text));
        if (limited != null) {
            return limited;
        }
        if (text.length() > Limits.MAX_FRAME_BYTES
                || text.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_FRAME_BYTES) {
            return connection.sendText(FrameCodec.encode(ErrorFrame.of(null, ErrorCode.FRAME_TOO_LARGE,
                    "frame is over " + Limits.MAX_FRAME_BYTES + " bytes")));
        }
        // Counted when subscribed, so a frame is in flight exactly while its call to the functions is.
        return Uni.createFrom().deferred(() -> admission.tryAdmit()
                ? forward(connection, userId, deviceId, text)
                : shed(connection, text));
    }

    private Uni<Void> forward(WebSocketConnection connection, String userId, String deviceId, String text) {
        return functions.frame(userId, deviceId, connection.id(), text)
                .onTermination().invoke(admission::done)
                .onItem().transformToMulti(replies -> Multi.createFrom().iterable(replies.frames()))
                .onItem().transformToUniAndConcatenate(connection::sendText)
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("functions call failed for %s: %s", connection.id(), e.toString());
                    return connection.sendText(FrameCodec.encode(ErrorFrame.of(reqIdOf(text), ErrorCode.UNAVAILABLE,
                            "service unavailable; retry")));
                });
    }

    /** Too many frames wait for the functions already: refused at once, to be sent again after retryAfterMs. */
    private Uni<Void> shed(WebSocketConnection connection, String text) {
        meters.shed();
        return connection.sendText(FrameCodec.encode(ErrorFrame.unavailable(reqIdOf(text), admission.describe(),
                admission.retryAfterMillis())));
    }

    /** The protocol is JSON in text frames; a binary frame is refused like any frame that is not JSON. */
    @OnBinaryMessage
    public Uni<Void> binary(WebSocketConnection connection, Buffer data) {
        heartbeats.alive(connection.id());
        Uni<Void> limited = refusedByRateLimit(connection, connection.userData().get(DeviceAuthenticator.DEVICE_ID),
                () -> null);
        return limited != null ? limited : connection.sendText(FrameCodec.encode(ErrorFrame.of(null,
                ErrorCode.MALFORMED_FRAME, "binary frames are not supported; send JSON in text frames")));
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
        held.closed(connection);
        heartbeats.gone(connection.id());
        return unregister(connection);
    }

    /** Reports a close to the functions (best effort: the reaper forgets what a failed report left behind). */
    private Uni<Void> unregister(WebSocketConnection connection) {
        String userId = connection.userData().get(DeviceAuthenticator.USER_ID);
        String deviceId = connection.userData().get(DeviceAuthenticator.DEVICE_ID);
        return drain.reporting(functions.closed(new ConnectionClosed(userId, deviceId, connection.id(),
                        node.instanceId()))
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .onFailure().invoke(e -> LOG.debugf("unregister of %s failed: %s", connection.id(), e.toString()))
                .onFailure().recoverWithNull());
    }

    /**
     * Counts the frame against the device's rate; null if it may be handled, else the refusal to send. Every frame
     * counts, refused ones included: garbage must not be a way around the limit.
     */
    private Uni<Void> refusedByRateLimit(WebSocketConnection connection, String deviceId, Supplier<String> reqId) {
        long waitMillis = rateLimiter.acquire(deviceId);
        if (waitMillis == 0) {
            return null;
        }
        meters.rateLimited();
        return connection.sendText(FrameCodec.encode(ErrorFrame.rateLimited(reqId.get(),
                rateLimiter.describe() + "; retry in " + waitMillis + " ms", waitMillis)));
    }

    /** Best effort, so a client can match an error to its request even when the functions are down. */
    private static String reqIdOf(String text) {
        try {
            return FrameCodec.echoableReqId(FrameCodec.mapper().readTree(text));
        } catch (Exception e) {
            return null;
        }
    }
}
