package chat.client.store;

import chat.client.DeviceStore;
import chat.client.MessageState;
import chat.client.OutgoingMessage;
import chat.model.Ids;
import chat.model.frames.ChatMessage;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.ConversationSummary;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.ReceiptFrame;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's {@link DeviceStore} in a {@link LocalStore}: what the device reports becomes rows. An own message lives
 * in the outbox while SENDING or FAILED and moves to the messages, in one transaction, when SENT; receipts move the
 * own messages' states forward (direct conversations by the peer's cursors, groups by the aggregate, as the
 * in-memory outbox does, but for the messages of this user's other devices too).
 */
final class SqliteDeviceStore implements DeviceStore {
    private final LocalStore store;
    private volatile String userId;
    private volatile String deviceId;

    SqliteDeviceStore(LocalStore store) {
        this.store = Objects.requireNonNull(store);
    }

    @Override
    public void bind(String userId, String deviceId) {
        store.info().claimOwner(Objects.requireNonNull(userId, "userId"));
        this.userId = userId;
        this.deviceId = deviceId;
    }

    @Override
    public Map<String, Long> cursors() {
        return store.cursors().synced();
    }

    @Override
    public List<OutgoingMessage> pendingSends() {
        List<OutgoingMessage> out = new ArrayList<>();
        for (PendingSend p : store.outbox().all()) {
            out.add(new OutgoingMessage(p.clientMsgId(), p.conversationId(), p.peer(),
                    Base64.getEncoder().encodeToString(p.body()), p.state(), 0, 0, p.attempts(), false,
                    p.failure()));
        }
        return out;
    }

    @Override
    public void queued(OutgoingMessage m) {
        // Addressed to a peer, a message has no conversation until SENT; the outbox keeps exactly one target.
        String conversationId = m.peer() == null ? m.conversationId() : null;
        store.outbox().enqueue(m.clientMsgId(), conversationId, m.peer(), Base64.getDecoder().decode(m.body()));
    }

    @Override
    public void outgoing(OutgoingMessage m) {
        switch (m.state()) {
            case SENDING -> queued(m); // a retry of a FAILED message
            case SENT -> store.inTransaction(() -> {
                store.messages().insert(new ChatMessage(m.conversationId(), m.seq(), requireUser(), deviceId,
                        m.clientMsgId(), m.body(), m.serverTime()), MessageState.SENT);
                store.outbox().remove(m.clientMsgId());
            });
            case DELIVERED, READ -> store.messages().advance(m.conversationId(), m.seq(), m.state());
            case FAILED -> store.outbox().markFailed(m.clientMsgId(), m.failure(), m.attempts());
        }
    }

    @Override
    public void delivered(List<ChatMessage> messages, Map<String, Long> cursors) {
        String self = userId;
        store.inTransaction(() -> {
            for (ChatMessage m : messages) {
                // An own message (sent by this or another device of the user) is SENT at least: it has a seq.
                store.messages().insert(m, m.senderUserId().equals(self) ? MessageState.SENT : null);
            }
            cursors.forEach(store.cursors()::advanceSynced);
        });
    }

    @Override
    public Optional<ChatMessage> received(String conversationId, long seq) {
        return store.messages().get(conversationId, seq).map(StoredMessage::toChatMessage);
    }

    @Override
    public void receipt(ReceiptFrame r) {
        if (r.userId() != null && r.userId().equals(userId)) {
            store.cursors().advanceAcked(r.conversationId(), r.delivered(), r.read()); // this user, another device
            return;
        }
        store.inTransaction(() -> {
            store.receipts().advance(r.conversationId(), r.userId(), r.delivered(), r.read());
            if (Ids.isDirect(r.conversationId())) {
                advanceOwn(r.conversationId(), Math.max(r.delivered(), r.read()), r.read());
            }
        });
    }

    @Override
    public void groupReceipt(GroupReceiptFrame g) {
        store.inTransaction(() -> {
            store.receipts().advance(g.conversationId(), ReceiptsTable.ALL_MEMBERS, g.deliveredToAll(), g.readByAll());
            advanceOwn(g.conversationId(), Math.max(g.deliveredToAll(), g.readByAll()), g.readByAll());
        });
    }

    @Override
    public void acked(String conversationId, long delivered, long read) {
        store.cursors().advanceAcked(conversationId, delivered, read);
    }

    @Override
    public long inboxCursor() {
        return store.inboxCursor().get();
    }

    @Override
    public void inboxProcessed(long seq) {
        store.inboxCursor().advance(seq);
    }

    @Override
    public void conversationList(ConversationListFrame list) {
        store.inTransaction(() -> {
            for (ConversationSummary s : list.conversations()) {
                store.cursors().advanceAcked(s.conversationId(), s.delivered(), s.read());
                if (s.peerUserId() != null && (s.peerDelivered() != null || s.peerRead() != null)) {
                    receipt(new ReceiptFrame(s.conversationId(), s.peerUserId(), orZero(s.peerDelivered()),
                            orZero(s.peerRead())));
                }
                if (s.deliveredToAll() != null || s.readByAll() != null) {
                    groupReceipt(new GroupReceiptFrame(s.conversationId(), orZero(s.deliveredToAll()),
                            orZero(s.readByAll())));
                }
            }
        });
    }

    @Override
    public void inTransaction(Runnable work) {
        store.inTransaction(work);
    }

    private void advanceOwn(String conversationId, long delivered, long read) {
        String self = userId;
        if (self == null) {
            return;
        }
        store.messages().advanceUpTo(conversationId, self, delivered, MessageState.DELIVERED);
        store.messages().advanceUpTo(conversationId, self, read, MessageState.READ);
    }

    private String requireUser() {
        if (userId == null) {
            throw new IllegalStateException("bind(userId, deviceId) first");
        }
        return userId;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
