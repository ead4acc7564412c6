package chat.bench;

import chat.client.ChatConnection;
import chat.client.ConversationInbox;
import chat.model.frames.ChatMessage;
import java.util.List;

/**
 * What one device shows, through the reference client's reorder buffer: each message once, in seq order, as soon as
 * everything before it is there. Counts live arrivals that came ahead of an earlier seq (buffered, as the protocol
 * allows) and duplicate arrivals (dropped, as sync and live pushes overlap); a device online from before the first message must end with no gap.
 */
final class Screen {
    private final ConversationInbox inbox = new ConversationInbox();
    private final BenchAcks.Receiver acks;
    private long early;

    /** A screen whose device acks nothing (one that only syncs to check). */
    Screen() {
        this(null);
    }

    /** A screen whose device acks what it shows, as the reference client does. */
    Screen(BenchAcks.Receiver acks) {
        this.acks = acks;
    }

    /**
     * An arrival; returns the messages it makes showable, in order (none for a duplicate or an early one), and acks
     * them, as the reference client acks what it hands to its listeners.
     */
    List<ChatMessage> arrive(ChatMessage message) {
        List<ChatMessage> showable;
        long upTo;
        synchronized (this) {
            if (message.seq() > inbox.contiguous(message.conversationId()) + 1) {
                early++;
            }
            showable = inbox.offer(message);
            upTo = inbox.contiguous(message.conversationId());
        }
        if (acks != null && !showable.isEmpty()) {
            acks.shown(message.conversationId(), upTo);
        }
        return showable;
    }

    /** The connection this screen's device acks through (from when it is open). */
    void acksConnectedTo(ChatConnection connection) {
        if (acks != null) {
            acks.connectedTo(connection);
        }
    }

    /** The device already has everything up to {@code seq} in this conversation. */
    synchronized void startAfter(String conversationId, long seq) {
        inbox.setStart(conversationId, seq);
    }

    /** The highest seq shown with nothing missing before it. */
    synchronized long shownUpTo(String conversationId) {
        return inbox.contiguous(conversationId);
    }

    synchronized long shown() {
        return inbox.delivered();
    }

    synchronized long duplicates() {
        return inbox.duplicates();
    }

    /** Live arrivals that came before an earlier seq and waited in the buffer. */
    synchronized long early() {
        return early;
    }

    synchronized boolean hasGaps() {
        return !inbox.gaps().isEmpty();
    }
}
