package chat.client;

import chat.model.frames.ChatMessage;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.ReceiptFrame;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a {@link ChatDevice} keeps what must outlive the process: the messages it handed out, its sync cursors, the
 * states of its own messages and the sends not yet stored by the server. With one, a restarted device syncs from
 * its stored cursors and sends its pending messages again with their clientMsgIds; without one it keeps all of this
 * in memory, as before. {@code chat.client.store.LocalStore#deviceStore()} is the SQLite implementation; this
 * interface keeps the device free of it (no package cycle).
 *
 * <p>The device calls every method on its event thread, except {@link #queued}, which runs on the caller of
 * {@code send} so that a message is durable before {@code send} returns. Failures throw unchecked exceptions.
 */
public interface DeviceStore {
    /** The device's identity, once known; a store of another user refuses it. */
    void bind(String userId, String deviceId);

    /** Conversation id → the highest seq up to which the device holds everything: the first sync's cursors. */
    Map<String, Long> cursors();

    /**
     * What a previous run left unsent, oldest first: SENDING messages (sent again, with their clientMsgIds, so the
     * server stores each once) and FAILED ones (kept FAILED until the user retries them).
     */
    List<OutgoingMessage> pendingSends();

    /** A message about to be submitted (SENDING): stored before the first frame leaves. */
    void queued(OutgoingMessage message);

    /** An own message changed state (SENT: stored by the server, with its seq; FAILED: given up). */
    void outgoing(OutgoingMessage message);

    /** Messages handed to the listeners, in order, and the conversations' cursors after them. */
    void delivered(List<ChatMessage> messages, Map<String, Long> cursors);

    /**
     * A message this device already received and stored, when it is served again (e.g. a sync from seq 1): with
     * end-to-end encryption on, the stored copy is the only readable one (its key was used up when it first opened).
     */
    default Optional<ChatMessage> received(String conversationId, long seq) {
        return Optional.empty();
    }

    /** A member's cursors moved (another member, or this user on another device). */
    void receipt(ReceiptFrame receipt);

    /** A group's aggregated cursors moved. */
    void groupReceipt(GroupReceiptFrame receipt);

    /** The server confirmed this user's cumulative acks in a conversation. */
    void acked(String conversationId, long delivered, long read);

    /** The peers' and this user's cursors from a conversation list. */
    void conversationList(ConversationListFrame list);

    /** The highest inbox seq this device processed (its envelope listener returned): where {@code inboxSync} starts. */
    default long inboxCursor() {
        return 0;
    }

    /** An envelope's listener returned: the device never hands out an envelope at or below {@code seq} again. */
    default void inboxProcessed(long seq) {
    }

    /** Runs {@code work} so that its writes commit together (a sync page: one commit, not one per message). */
    void inTransaction(Runnable work);
}
