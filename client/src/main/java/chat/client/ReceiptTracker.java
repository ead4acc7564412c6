package chat.client;

import chat.model.Ids;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.ConversationSummary;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.ReceiptFrame;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The other members' cumulative cursors, from which sent messages become DELIVERED and READ.
 *
 * <p>Direct conversations: the peer's {@code receipt} frames and the conversation list's
 * {@code peerDelivered}/{@code peerRead}. Groups: the aggregated {@code groupReceipt} frames and the list's
 * {@code deliveredToAll}/{@code readByAll}: a group message is DELIVERED (READ) once every member has received (read)
 * it; single members' receipts do not move group states. Cursors never move back.
 *
 * <p>Thread-safe. Whoever holds messages (the {@link Outbox}) subscribes with {@link #onMoved} and asks
 * {@link #reached} again; subscribers are called synchronously, outside this tracker's lock.
 */
public final class ReceiptTracker {
    /** One member's cumulative cursors in a conversation. */
    public record Cursors(long delivered, long read) {
    }

    private final String selfUserId;
    private final Map<String, Map<String, Cursors>> cursors = new HashMap<>(); // guarded by this
    private final Map<String, Cursors> aggregates = new HashMap<>(); // groups: every member; guarded by this
    private final List<Consumer<String>> moved = new CopyOnWriteArrayList<>();

    /** @param selfUserId the sending user: receipts carrying this user id (own other devices) are ignored; may be null */
    public ReceiptTracker(String selfUserId) {
        this.selfUserId = selfUserId;
    }

    /** Called with a conversation id whenever cursors in it moved. */
    public void onMoved(Consumer<String> conversationMoved) {
        moved.add(Objects.requireNonNull(conversationMoved));
    }

    /** A member's cursors moved. */
    public void onReceipt(ReceiptFrame receipt) {
        if (receipt.userId() != null && receipt.userId().equals(selfUserId)) {
            return;
        }
        updateCursors(receipt.conversationId(), receipt.userId(), receipt.delivered(), receipt.read());
    }

    /** A group's aggregated cursors moved: every member has received / read up to them. */
    public void onGroupReceipt(GroupReceiptFrame receipt) {
        updateAggregate(receipt.conversationId(), receipt.deliveredToAll(), receipt.readByAll());
    }

    /** Peer cursors of direct conversations and aggregated cursors of groups, from a conversation list. */
    public void onConversationList(ConversationListFrame list) {
        for (ConversationSummary s : list.conversations()) {
            if (s.peerUserId() != null && (s.peerDelivered() != null || s.peerRead() != null)) {
                long read = s.peerRead() == null ? 0 : s.peerRead();
                long delivered = Math.max(read, s.peerDelivered() == null ? 0 : s.peerDelivered());
                updateCursors(s.conversationId(), s.peerUserId(), delivered, read);
            }
            if (s.deliveredToAll() != null || s.readByAll() != null) {
                updateAggregate(s.conversationId(), s.deliveredToAll() == null ? 0 : s.deliveredToAll(),
                        s.readByAll() == null ? 0 : s.readByAll());
            }
        }
    }

    /** The other members' cursors known in a conversation, by user id. */
    public synchronized Map<String, Cursors> memberCursors(String conversationId) {
        return Map.copyOf(cursors.getOrDefault(conversationId, Map.of()));
    }

    /** A group's aggregated cursors, if known. */
    public synchronized Optional<Cursors> groupCursors(String conversationId) {
        return Optional.ofNullable(aggregates.get(conversationId));
    }

    /**
     * How far this user's messages in a conversation have got: a group's aggregate, a direct conversation's furthest
     * peer; empty while unknown.
     */
    public synchronized Optional<Cursors> reached(String conversationId) {
        if (conversationId == null) {
            return Optional.empty();
        }
        if (!Ids.isDirect(conversationId)) {
            return Optional.ofNullable(aggregates.get(conversationId));
        }
        Map<String, Cursors> members = cursors.get(conversationId);
        if (members == null) {
            return Optional.empty();
        }
        long delivered = 0;
        long read = 0;
        for (Cursors c : members.values()) {
            delivered = Math.max(delivered, c.delivered());
            read = Math.max(read, c.read());
        }
        return Optional.of(new Cursors(delivered, read));
    }

    private void updateCursors(String conversationId, String userId, long delivered, long read) {
        if (conversationId == null) {
            return;
        }
        synchronized (this) {
            String user = userId == null ? "?" : userId;
            Map<String, Cursors> members = cursors.computeIfAbsent(conversationId, k -> new HashMap<>());
            Cursors old = members.getOrDefault(user, new Cursors(0, 0));
            long newRead = Math.max(old.read(), read);
            long newDelivered = Math.max(Math.max(old.delivered(), delivered), newRead);
            members.put(user, new Cursors(newDelivered, newRead));
        }
        moved.forEach(m -> m.accept(conversationId));
    }

    private void updateAggregate(String conversationId, long delivered, long read) {
        if (conversationId == null) {
            return;
        }
        synchronized (this) {
            Cursors old = aggregates.getOrDefault(conversationId, new Cursors(0, 0));
            long newRead = Math.max(old.read(), read);
            aggregates.put(conversationId,
                    new Cursors(Math.max(Math.max(old.delivered(), delivered), newRead), newRead));
        }
        moved.forEach(m -> m.accept(conversationId));
    }
}
