package chat.client.store;

/** A member's cumulative cursors in a conversation, as the last receipt told ({@code updatedAt}: when stored). */
public record Receipt(String conversationId, String userId, long delivered, long read, long updatedAt) {
}
