package chat.client;

import chat.model.frames.ChatMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One device's reorder buffer and de-duplicator. Messages come in from live pushes and sync pages, in any order and
 * possibly more than once; {@link #offer} hands back those that are now deliverable, in seq order, each exactly once.
 *
 * <p>Per conversation it keeps {@code contiguous}: the highest seq such that every message up to it was delivered (or
 * lies before the conversation's start for this device). Messages ahead of {@code contiguous + 1} wait in a buffer; a
 * non-empty buffer is a gap. A message at or below {@code contiguous}, or already buffered, is a duplicate.
 *
 * <p>Thread-safe (every method is synchronized).
 */
public final class ConversationInbox {
    private final LongSupplier nanoClock;
    private final Map<String, Conversation> conversations = new HashMap<>();
    private long duplicates;
    private long delivered;

    public ConversationInbox() {
        this(System::nanoTime);
    }

    /** {@code nanoClock} measures how long gaps last; tests pass a fake clock. */
    public ConversationInbox(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    /** A device that already has messages up to the given cursors (e.g. restored from disk). */
    public static ConversationInbox withCursors(Map<String, Long> cursors) {
        ConversationInbox inbox = new ConversationInbox();
        cursors.forEach(inbox::setStart);
        return inbox;
    }

    /**
     * Takes one message and returns the messages now deliverable, in seq order: none (a duplicate, or a gap before it),
     * just it, or it followed by buffered successors.
     */
    public synchronized List<ChatMessage> offer(ChatMessage message) {
        Objects.requireNonNull(message, "message");
        Conversation c = conversation(message.conversationId());
        long seq = message.seq();
        if (seq <= c.contiguous || c.ahead.containsKey(seq)) {
            c.duplicates++;
            duplicates++;
            return List.of();
        }
        if (seq > c.contiguous + 1) {
            if (c.ahead.isEmpty()) {
                c.gapSinceNanos = nanoClock.getAsLong();
            }
            c.ahead.put(seq, message);
            return List.of();
        }
        List<ChatMessage> out = new ArrayList<>();
        out.add(message);
        c.contiguous = seq;
        drain(c, out);
        delivered += out.size();
        return out;
    }

    /** Offers each message in turn (e.g. a sync page) and returns everything that became deliverable, in order. */
    public synchronized List<ChatMessage> offerAll(Collection<ChatMessage> messages) {
        List<ChatMessage> out = new ArrayList<>();
        for (ChatMessage m : messages) {
            out.addAll(offer(m));
        }
        return out;
    }

    /**
     * Declares that this device has (or is not entitled to) every message up to {@code cursor} in the conversation:
     * e.g. it joined at a later seq, or it restored its state. Only moves forward. Buffered messages up to the cursor
     * are dropped; buffered successors that became contiguous are returned, in order.
     */
    public synchronized List<ChatMessage> setStart(String conversationId, long cursor) {
        if (cursor < 0) {
            throw new IllegalArgumentException("cursor must be >= 0");
        }
        Conversation c = conversation(conversationId);
        if (cursor <= c.contiguous) {
            return List.of();
        }
        c.contiguous = cursor;
        c.ahead.headMap(cursor, true).clear();
        List<ChatMessage> out = new ArrayList<>();
        drain(c, out);
        delivered += out.size();
        return out;
    }

    /** The highest seq delivered without a gap; 0 for an unknown conversation. */
    public synchronized long contiguous(String conversationId) {
        Conversation c = conversations.get(conversationId);
        return c == null ? 0 : c.contiguous;
    }

    /** Cursors for a sync request: conversation id to {@link #contiguous}. */
    public synchronized Map<String, Long> cursors() {
        Map<String, Long> out = new HashMap<>();
        conversations.forEach((id, c) -> out.put(id, c.contiguous));
        return out;
    }

    public synchronized Set<String> conversations() {
        return new LinkedHashSet<>(conversations.keySet());
    }

    /** True when messages wait beyond a missing one. */
    public synchronized boolean hasGap(String conversationId) {
        Conversation c = conversations.get(conversationId);
        return c != null && !c.ahead.isEmpty();
    }

    /** Conversations that currently have a gap. */
    public synchronized Set<String> gaps() {
        Set<String> out = new LinkedHashSet<>();
        conversations.forEach((id, c) -> {
            if (!c.ahead.isEmpty()) {
                out.add(id);
            }
        });
        return out;
    }

    /** How long the conversation's current gap has lasted without progress; empty when there is no gap. */
    public synchronized Optional<Duration> gapAge(String conversationId) {
        Conversation c = conversations.get(conversationId);
        if (c == null || c.ahead.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - c.gapSinceNanos)));
    }

    /** The lowest buffered seq beyond the gap, if any. */
    public synchronized Optional<Long> firstBuffered(String conversationId) {
        Conversation c = conversations.get(conversationId);
        return c == null || c.ahead.isEmpty() ? Optional.empty() : Optional.of(c.ahead.firstKey());
    }

    /** Messages waiting behind a gap in the conversation. */
    public synchronized int buffered(String conversationId) {
        Conversation c = conversations.get(conversationId);
        return c == null ? 0 : c.ahead.size();
    }

    /** Duplicates seen in all conversations. */
    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long duplicates(String conversationId) {
        Conversation c = conversations.get(conversationId);
        return c == null ? 0 : c.duplicates;
    }

    /** Messages delivered (handed out by offer/setStart) in all conversations. */
    public synchronized long delivered() {
        return delivered;
    }

    private Conversation conversation(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return conversations.computeIfAbsent(conversationId, id -> new Conversation());
    }

    /** Moves buffered successors of {@code contiguous} to {@code out}; restarts the gap clock after progress. */
    private void drain(Conversation c, List<ChatMessage> out) {
        ChatMessage next;
        while ((next = c.ahead.remove(c.contiguous + 1)) != null) {
            out.add(next);
            c.contiguous = next.seq();
        }
        if (!c.ahead.isEmpty()) {
            c.gapSinceNanos = nanoClock.getAsLong();
        }
    }

    private static final class Conversation {
        long contiguous;
        final TreeMap<Long, ChatMessage> ahead = new TreeMap<>();
        long duplicates;
        long gapSinceNanos;
    }
}
