package chat.functions.messaging;

import chat.functions.push.OfflineNotifications;
import chat.functions.routing.ConnectionRouter;
import chat.functions.routing.DirectRouter;
import chat.functions.routing.Push;
import chat.functions.store.StoredMessage;
import chat.functions.support.AfterCall;
import chat.model.Ids;
import chat.model.frames.FrameCodec;
import chat.model.frames.MessageFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Delivers a stored direct-chat message before its sender is answered SENT: pushed straight to both members' devices
 * (except the sending one; see {@link DirectRouter} for how), without a trip through the fan-out queue and its
 * worker. The queue
 * stays the backstop: when the push fails in any way (a broker refused or did not answer in time, the connection
 * lookup failed), the message is queued for the fan-out worker, which retries until the brokers take it; only if
 * that fails too does the send fail (UNAVAILABLE), and the client's resend delivers it again.
 *
 * <p>The bound for an online device: the conversation's head moved before this push looked up connections (or the
 * brokers list), so every connection registered before the message was stored is pushed to here (or by the worker),
 * and one that registers later finds the message by the sync that follows its {@code hello}.
 *
 * <p>Runs on the caller's thread, which blocks on the broker calls: a worker thread of the REST layer (the frame
 * endpoint is blocking), or the Lambda handler's thread, never a Vert.x event loop.
 */
@ApplicationScoped
public class DirectDelivery {
    private static final Logger LOG = Logger.getLogger(DirectDelivery.class);
    private final DirectRouter router;
    private final ConversationLog log;
    private final OfflineNotifications offline;
    /** What nobody waits for (offline notifications) goes after the answer, except on Lambda. */
    private final AfterCall afterCall;

    public DirectDelivery(DirectRouter router, ConversationLog log, OfflineNotifications offline,
            AfterCall afterCall) {
        this.router = router;
        this.log = log;
        this.offline = offline;
        this.afterCall = afterCall;
    }

    /** Pushes the stored message to both members' devices, or queues it for the fan-out worker if that fails. */
    public void deliver(StoredMessage m) {
        String frame = FrameCodec.encode(new MessageFrame(m.toWire()));
        String[] pair = Ids.directMembers(m.conversationId());
        List<Push> pushes = Stream.of(pair)
                .map(u -> new Push(u, u.equals(m.senderUserId()) ? m.senderDeviceId() : null, frame)).toList();
        ConnectionRouter.Outcome outcome;
        try {
            outcome = router.push(pushes);
        } catch (RuntimeException e) {
            LOG.debugf("inline delivery of %s#%d failed; queued for the fan-out worker: %s", m.conversationId(),
                    m.seq(), e.toString());
            log.publish(m, frame);
            return;
        }
        String recipient = pair[0].equals(m.senderUserId()) ? pair[1] : pair[0];
        // The sender's own cursors moved with the head (ConversationLog), so only the notifications are left.
        afterCall.run("offline notifications of " + m.conversationId() + "#" + m.seq(), () ->
                offline.enqueue(Map.of(m.conversationId(), Map.of(recipient, m.seq())), outcome.reached()));
    }
}
