package chat.client.store;

/**
 * This device's cursors in one conversation: {@code synced}, the highest seq up to which it holds every message (or
 * is not entitled to earlier ones) — what it sends in {@code sync}; {@code delivered} and {@code read}, the user's
 * cumulative acks as the server last confirmed them.
 */
public record ConversationCursors(String conversationId, long synced, long delivered, long read) {
}
