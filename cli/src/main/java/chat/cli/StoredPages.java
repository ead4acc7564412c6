package chat.cli;

import chat.client.store.ConversationCursors;
import chat.client.store.LocalStore;
import chat.client.store.StoredMessage;
import chat.model.frames.ChatMessage;
import java.util.List;
import java.util.Optional;

/**
 * A page of a conversation served from the local store instead of asked for, when the store provably holds all of
 * it: every seq of the page, up to a seq the store has synced through (below its sync cursor nothing new can appear).
 * Anything less (a gap, a page the store only partly has, messages newer than the cursor may exist) is empty, and the
 * caller asks the server.
 */
final class StoredPages {
    /** Messages in ascending seq order; {@code hasMore}: older messages exist. */
    record Page(List<ChatMessage> messages, boolean hasMore) {
    }

    private StoredPages() {
    }

    /** The newest {@code limit} messages up to the store's sync cursor (valid once the device has synced). */
    static Optional<Page> latest(LocalStore store, String conversationId, int limit) {
        long synced = store.cursors().get(conversationId).map(ConversationCursors::synced).orElse(0L);
        return synced == 0 ? Optional.empty() : complete(store, conversationId, synced, limit);
    }

    /** Up to {@code limit} messages below {@code beforeSeq}, when that range is below the store's sync cursor. */
    static Optional<Page> before(LocalStore store, String conversationId, long beforeSeq, int limit) {
        long synced = store.cursors().get(conversationId).map(ConversationCursors::synced).orElse(0L);
        long top = beforeSeq - 1;
        return top < 1 || top > synced ? Optional.empty() : complete(store, conversationId, top, limit);
    }

    /**
     * A page the server sent, each message replaced by this device's stored copy when it has one: the server holds
     * only sealed bodies, and what this device opened when it arrived cannot be opened again from the server's copy.
     */
    static List<ChatMessage> withStoredCopies(LocalStore store, List<ChatMessage> page) {
        return page.stream().map(m -> store.messages().get(m.conversationId(), m.seq())
                .map(StoredMessage::toChatMessage).orElse(m)).toList();
    }

    private static Optional<Page> complete(LocalStore store, String conversationId, long top, int limit) {
        List<StoredMessage> page = store.messages().page(conversationId, top + 1, limit);
        if (page.isEmpty()) {
            return Optional.empty();
        }
        long first = page.get(0).seq();
        long last = page.get(page.size() - 1).seq();
        boolean contiguous = last == top && last - first + 1 == page.size();
        if (!contiguous || (page.size() < limit && first != 1)) {
            return Optional.empty();
        }
        return Optional.of(new Page(page.stream().map(StoredMessage::toChatMessage).toList(), first > 1));
    }
}
