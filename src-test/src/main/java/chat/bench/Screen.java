package chat.bench;

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
    private long early;

    /** An arrival; returns the messages it makes showable, in order (none for a duplicate or an early one). */
    synchronized List<ChatMessage> arrive(ChatMessage message) {
        if (message.seq() > inbox.contiguous(message.conversationId()) + 1) {
            early++;
        }
        return inbox.offer(message);
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
