package chat.functions.messaging;

import chat.functions.fanout.ConnectionRouter;
import chat.functions.fanout.Push;
import chat.functions.store.ConversationsTable;
import chat.functions.store.MembersTable;
import chat.functions.store.MembersTable.Member;
import chat.functions.store.MessagesTable;
import chat.functions.support.AfterCall;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.frames.AckFrame;
import chat.model.frames.AckedFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.ReceiptFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Cumulative delivered/read acks. Cursors only move forward; when they move, the other members' devices (and the
 * acking user's other devices) get a receipt frame.
 */
@ApplicationScoped
public class AckHandler {
    private final Memberships memberships;
    private final MembersTable members;
    private final ConversationsTable conversations;
    private final MessagesTable messages;
    private final ConnectionRouter router;
    private final Clock clock;
    private final GroupReceipts groups;
    /** Receipts are work after the call: the acking device should not wait for other devices, except on Lambda. */
    private final AfterCall afterCall;

    public AckHandler(Memberships memberships, MembersTable members, ConversationsTable conversations,
            MessagesTable messages, ConnectionRouter router, Clock clock, AfterCall afterCall, GroupReceipts groups) {
        this.memberships = memberships;
        this.members = members;
        this.conversations = conversations;
        this.messages = messages;
        this.router = router;
        this.clock = clock;
        this.afterCall = afterCall;
        this.groups = groups;
    }

    public AckedFrame ack(Caller caller, AckFrame frame) {
        if (!Ids.isDirect(frame.conversationId())) {
            return groups.ack(caller, frame);
        }
        Member before = memberships.require(frame.conversationId(), caller.userId());
        long upTo = frame.effectiveDelivered();
        if (upTo > Math.max(before.deliveredSeq(), before.readSeq())) {
            requireStored(frame.conversationId(), upTo);
        }
        long read = frame.read() == null ? 0 : frame.read();
        Member after = members.advanceCursors(before, upTo, read);
        if (after.deliveredSeq() != before.deliveredSeq() || after.readSeq() != before.readSeq()) {
            // Best effort: receipts are also in the conversation list, where a lost push is caught up.
            afterCall.run("receipts of " + after.conversationId(), () -> sendReceipts(caller, after));
        }
        return new AckedFrame(frame.reqId(), frame.conversationId(), after.deliveredSeq(), after.readSeq());
    }

    /** An ack may only name a seq that exists; the head hint can lag the store, so confirm against the table. */
    private void requireStored(String conversationId, long seq) {
        long head = conversations.find(conversationId).map(ConversationsTable.Conversation::lastSeq).orElse(0L);
        if (seq <= head) {
            return;
        }
        if (!messages.exists(conversationId, seq)) {
            throw new ChatException(ErrorCode.ACK_BEYOND_HEAD, "no message with seq " + seq + " yet");
        }
        conversations.advanceHead(conversationId, seq, clock.millis());
    }

    /** Direct chats: the member's new cursors go to both users' other devices (groups: {@link GroupReceipts}). */
    private void sendReceipts(Caller caller, Member after) {
        String conversationId = after.conversationId();
        String frame = FrameCodec.encode(new ReceiptFrame(conversationId, after.userId(),
                after.deliveredSeq(), after.readSeq()));
        router.push(List.of(Ids.directMembers(conversationId)).stream()
                .map(u -> new Push(u, u.equals(caller.userId()) ? caller.deviceId() : null, frame))
                .toList());
    }
}
