package chat.functions.messaging;

import chat.functions.routing.DirectRouter;
import chat.functions.routing.Push;
import chat.functions.store.ConversationsTable;
import chat.functions.store.ConversationsTable.Conversation;
import chat.functions.store.ConversationsTable.Cursors;
import chat.functions.support.AfterCall;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.frames.AckFrame;
import chat.model.frames.AckedFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.ReceiptFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Acks in a direct chat, whose cursors live on the conversation item: in the usual case one conditional write with
 * no read before it (the conversation exists, the head covers the ack, every cursor it names moves forward). Only
 * when that condition fails is the item read, once, to decide: an ack beyond the head is refused unless the message
 * is stored (the head can lag the store after a crash), an ack that moves nothing is answered without a receipt,
 * anything else is written conditioned on the cursors read. Membership is the conversation id itself (a direct
 * chat's two members never change) together with the conversation's existence, which every write requires.
 */
@ApplicationScoped
public class DirectAcks {
    /** Conditional cursor writes retry this often under contention before giving up. */
    private static final int ATTEMPTS = 8;
    private final ConversationsTable conversations;
    private final ConversationLog log;
    private final DirectRouter router;
    /** Receipts are work after the call: the acking device should not wait for other devices, except on Lambda. */
    private final AfterCall afterCall;

    public DirectAcks(ConversationsTable conversations, ConversationLog log, DirectRouter router,
            AfterCall afterCall) {
        this.conversations = conversations;
        this.log = log;
        this.router = router;
        this.afterCall = afterCall;
    }

    public AckedFrame ack(Caller caller, AckFrame frame) {
        String conversationId = frame.conversationId();
        if (!List.of(Ids.directMembers(conversationId)).contains(caller.userId())) {
            throw Memberships.notFound();
        }
        long delivered = frame.effectiveDelivered();
        Result result = conversations.tryAdvanceCursors(conversationId, caller.userId(), frame.delivered(),
                frame.read())
                .map(c -> new Result(c, true))
                .orElseGet(() -> decide(caller, conversationId, delivered, frame.read() == null ? 0 : frame.read()));
        Cursors after = result.cursors();
        if (result.moved()) {
            // Best effort: receipts are also in the conversation list, where a lost push is caught up.
            afterCall.run("receipts of " + conversationId, () -> sendReceipts(caller, conversationId, after));
        }
        return new AckedFrame(frame.reqId(), conversationId, after.delivered(), after.read());
    }

    /** The member's cursors after the ack, and whether it moved them. */
    private record Result(Cursors cursors, boolean moved) {
    }

    /** After a failed condition: reads the item and decides. */
    private Result decide(Caller caller, String conversationId, long delivered, long read) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Conversation c = conversations.find(conversationId).orElseThrow(Memberships::notFound);
            Cursors seen = c.cursorsOf(caller.userId());
            long newRead = Math.max(seen.read(), read);
            long newDelivered = Math.max(Math.max(seen.delivered(), delivered), newRead);
            if (newRead == seen.read() && newDelivered == seen.delivered()) {
                return new Result(seen, false);
            }
            if (newDelivered > c.lastSeq()) {
                log.requireStored(conversationId, newDelivered);
            }
            Optional<Cursors> written = conversations.replaceCursors(conversationId, caller.userId(), seen,
                    new Cursors(newDelivered, newRead));
            if (written.isPresent()) {
                return new Result(written.get(), true);
            }
        }
        throw new ChatException(ErrorCode.UNAVAILABLE, "cursor update contended; retry");
    }


    /** The member's new cursors go to both users' devices, except the acking one. */
    private void sendReceipts(Caller caller, String conversationId, Cursors after) {
        String frame = FrameCodec.encode(new ReceiptFrame(conversationId, caller.userId(), after.delivered(),
                after.read()));
        router.push(Stream.of(Ids.directMembers(conversationId))
                .map(u -> new Push(u, u.equals(caller.userId()) ? caller.deviceId() : null, frame)).toList());
    }
}
