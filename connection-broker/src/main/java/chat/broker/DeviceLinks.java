package chat.broker;

import chat.model.ErrorCode;
import chat.model.Limits;
import chat.model.frames.ErrorFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.HelloFrame;
import chat.model.internal.ConnectionClosed;
import chat.model.internal.ConnectionOpened;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The life of a device's connection, whatever carries it ({@link ChatSocket}'s WebSockets, {@link PollResource}'s
 * sessions): registered with the functions and greeted with hello, each client frame rate-limited, admitted and
 * forwarded with its answers written back, and the close reported. One place, so both transports answer alike.
 */
@ApplicationScoped
public class DeviceLinks {
    private static final Logger LOG = Logger.getLogger(DeviceLinks.class);
    private final FunctionsClient functions;
    private final NodeIdentity node;
    private final FrameRateLimiter rateLimiter;
    private final FrameAdmission admission;
    private final HeldConnections held;
    private final Drain drain;
    private final BrokerMeters meters;
    private final int heartbeatSeconds;

    public DeviceLinks(FunctionsClient functions, NodeIdentity node, FrameRateLimiter rateLimiter,
            FrameAdmission admission, HeldConnections held, Drain drain, BrokerMeters meters, BrokerConfig config) {
        this.functions = functions;
        this.node = node;
        this.rateLimiter = rateLimiter;
        this.admission = admission;
        this.held = held;
        this.drain = drain;
        this.meters = meters;
        this.heartbeatSeconds = (int) config.broker().heartbeatInterval().toSeconds();
    }

    /**
     * Registers the connection as the device's, then sends hello; from then on user-addressed deliveries reach it.
     * Fails as the registration failed (a {@link FunctionsClient.FunctionsException} with 401: the device was
     * removed); a link closed meanwhile is unregistered again and gets no hello.
     */
    public Uni<Void> open(DeviceLink link, String userId, String deviceId) {
        held.opened(link, userId, deviceId);
        return functions.opened(new ConnectionOpened(userId, deviceId, link.id(), node.instanceId(),
                        node.callbackUrl()))
                .flatMap(v -> link.isClosed()
                        // Closed while registering: its close may have been reported before the registration landed.
                        ? unregister(link, userId, deviceId)
                        : link.sendText(FrameCodec.encode(new HelloFrame(userId, deviceId, link.id(),
                                System.currentTimeMillis(), heartbeatSeconds)))
                                .invoke(() -> held.addressable(link)));
    }

    /** One client frame: refused (rate, size, load) or forwarded, its answers written back in order. */
    public Uni<Void> frame(DeviceLink link, String userId, String deviceId, String text) {
        Uni<Void> limited = refusedByRateLimit(link, deviceId,
                () -> text.length() > Limits.MAX_FRAME_BYTES ? null : reqIdOf(text));
        if (limited != null) {
            return limited;
        }
        if (text.length() > Limits.MAX_FRAME_BYTES
                || text.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_FRAME_BYTES) {
            return link.sendText(FrameCodec.encode(ErrorFrame.of(null, ErrorCode.FRAME_TOO_LARGE,
                    "frame is over " + Limits.MAX_FRAME_BYTES + " bytes")));
        }
        // Counted when subscribed, so a frame is in flight exactly while its call to the functions is.
        return Uni.createFrom().deferred(() -> admission.tryAdmit()
                ? forward(link, userId, deviceId, text)
                : shed(link, text));
    }

    /** A frame that is not text (a binary WebSocket frame): counted against the rate, then refused. */
    public Uni<Void> notText(DeviceLink link, String deviceId) {
        Uni<Void> limited = refusedByRateLimit(link, deviceId, () -> null);
        return limited != null ? limited : link.sendText(FrameCodec.encode(ErrorFrame.of(null,
                ErrorCode.MALFORMED_FRAME, "binary frames are not supported; send JSON in text frames")));
    }

    /** The link has closed: forgotten here, and the close reported to the functions. */
    public Uni<Void> closed(DeviceLink link, String userId, String deviceId) {
        held.closed(link);
        return unregister(link, userId, deviceId);
    }

    private Uni<Void> forward(DeviceLink link, String userId, String deviceId, String text) {
        return functions.frame(userId, deviceId, link.id(), text)
                .onTermination().invoke(admission::done)
                .onItem().transformToMulti(replies -> Multi.createFrom().iterable(replies.frames()))
                .onItem().transformToUniAndConcatenate(link::sendText)
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("functions call failed for %s: %s", link.id(), e.toString());
                    return link.sendText(FrameCodec.encode(ErrorFrame.of(reqIdOf(text), ErrorCode.UNAVAILABLE,
                            "service unavailable; retry")));
                });
    }

    /** Too many frames wait for the functions already: refused at once, to be sent again after retryAfterMs. */
    private Uni<Void> shed(DeviceLink link, String text) {
        meters.shed();
        return link.sendText(FrameCodec.encode(ErrorFrame.unavailable(reqIdOf(text), admission.describe(),
                admission.retryAfterMillis())));
    }

    /** Reports a close to the functions (best effort: the reaper forgets what a failed report left behind). */
    private Uni<Void> unregister(DeviceLink link, String userId, String deviceId) {
        return drain.reporting(functions.closed(new ConnectionClosed(userId, deviceId, link.id(),
                        node.instanceId()))
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .onFailure().invoke(e -> LOG.debugf("unregister of %s failed: %s", link.id(), e.toString()))
                .onFailure().recoverWithNull());
    }

    /**
     * Counts the frame against the device's rate; null if it may be handled, else the refusal to send. Every frame
     * counts, refused ones included: garbage must not be a way around the limit.
     */
    private Uni<Void> refusedByRateLimit(DeviceLink link, String deviceId, Supplier<String> reqId) {
        long waitMillis = rateLimiter.acquire(deviceId);
        if (waitMillis == 0) {
            return null;
        }
        meters.rateLimited();
        return link.sendText(FrameCodec.encode(ErrorFrame.rateLimited(reqId.get(),
                rateLimiter.describe() + "; retry in " + waitMillis + " ms", waitMillis)));
    }

    /** Best effort, so a client can match an error to its request even when the functions are down. */
    static String reqIdOf(String text) {
        try {
            return FrameCodec.echoableReqId(FrameCodec.mapper().readTree(text));
        } catch (Exception e) {
            return null;
        }
    }
}
