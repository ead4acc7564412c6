package chat.client;

import chat.model.frames.ChatMessage;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.ReceiptFrame;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a device writes to its optional {@link DeviceStore}, in one place, so that the device's parts call one object
 * whether or not a store was configured ({@link #NONE} does nothing). Writes on the event thread that fail are logged
 * and do not stop the device (it still works from memory); {@link #queued}, called by {@code send}, throws, so that a
 * message the store could not keep is not reported as accepted.
 *
 * <p>FAILED is not written while the device is ending (closed, displaced, credential refused): the outbox then fails
 * every SENDING message because this process will not send it, not because the server refused it, and the next
 * process must send it again with its clientMsgId.
 */
final class DeviceJournal {
    private static final System.Logger LOG = System.getLogger(DeviceJournal.class.getName());

    static final DeviceJournal NONE = new DeviceJournal(null, () -> DeviceIdentity.UNKNOWN, () -> false);

    private final DeviceStore store;
    private final Supplier<DeviceIdentity> identity;
    private final BooleanSupplier ending;
    private volatile boolean bound;

    /**
     * @param identity whose device it is (known from the credential, or from the first hello)
     * @param ending   true once the device is closing or in a terminal state
     */
    DeviceJournal(DeviceStore store, Supplier<DeviceIdentity> identity, BooleanSupplier ending) {
        this.store = store;
        this.identity = Objects.requireNonNull(identity);
        this.ending = Objects.requireNonNull(ending);
    }

    static DeviceJournal of(DeviceStore store, Supplier<DeviceIdentity> identity, BooleanSupplier ending) {
        return store == null ? NONE : new DeviceJournal(store, identity, ending);
    }

    boolean enabled() {
        return store != null;
    }

    /**
     * Tells the store whose device it is, once both ids are known (at build time from a credential, else before the
     * first write after hello); throws if the store is another user's.
     */
    void bind() {
        DeviceIdentity me = identity.get();
        if (store != null && !bound && me.userId() != null && me.deviceId() != null) {
            store.bind(me.userId(), me.deviceId());
            bound = true;
        }
    }

    /** The cursors the first sync starts from. */
    Map<String, Long> cursors() {
        return store == null ? Map.of() : store.cursors();
    }

    /** Sends a previous process left SENDING or FAILED, oldest first. */
    List<OutgoingMessage> pendingSends() {
        return store == null ? List.of() : store.pendingSends();
    }

    /** A message about to be submitted: durable before send() returns. */
    void queued(String clientMsgId, String conversationId, String peer, String bodyBase64) {
        if (store != null) {
            bind();
            store.queued(new OutgoingMessage(clientMsgId, conversationId, peer, bodyBase64, MessageState.SENDING, 0,
                    0, 0, false, null));
        }
    }

    void outgoing(OutgoingMessage m) {
        if (m.state() == MessageState.FAILED && ending.getAsBoolean()) {
            return; // stays SENDING in the store: the next run sends it
        }
        write(() -> store.outgoing(m));
    }

    /** In-order messages handed to the listeners, with the cursors of their conversations after them. */
    /** The stored copy of a message this device received before, if the store keeps one. */
    Optional<ChatMessage> received(String conversationId, long seq) {
        return store == null ? Optional.empty() : store.received(conversationId, seq);
    }

    void delivered(List<ChatMessage> messages, ConversationInbox inbox) {
        if (store == null || messages.isEmpty()) {
            return;
        }
        Map<String, Long> cursors = new HashMap<>();
        for (ChatMessage m : messages) {
            cursors.put(m.conversationId(), inbox.contiguous(m.conversationId()));
        }
        write(() -> store.delivered(messages, cursors));
    }

    /** The inbox's cursor moved without messages (a member's history starts at its join). */
    void cursorMoved(String conversationId, long cursor) {
        write(() -> store.delivered(List.of(), Map.of(conversationId, cursor)));
    }

    void receipt(ReceiptFrame r) {
        write(() -> store.receipt(r));
    }

    void groupReceipt(GroupReceiptFrame g) {
        write(() -> store.groupReceipt(g));
    }

    void acked(String conversationId, long delivered, long read) {
        write(() -> store.acked(conversationId, delivered, read));
    }

    void conversationList(ConversationListFrame list) {
        write(() -> store.conversationList(list));
    }

    /** Where the envelope inbox resumes: the highest seq processed in an earlier run, 0 without a store. */
    long inboxCursor() {
        return store == null ? 0 : store.inboxCursor();
    }

    void inboxProcessed(long seq) {
        write(() -> store.inboxProcessed(seq));
    }

    /** Runs {@code work} with the store's writes in one transaction (a sync answer: one commit). */
    void inTransaction(Runnable work) {
        if (store == null) {
            work.run();
        } else {
            store.inTransaction(work);
        }
    }

    private void write(Runnable write) {
        if (store == null) {
            return;
        }
        try {
            bind();
            write.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "local store write failed; the device goes on from memory", e);
        }
    }
}
