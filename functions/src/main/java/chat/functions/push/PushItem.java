package chat.functions.push;

/** One offline device to notify about a conversation, whose newest message for it has {@code seq}. */
public record PushItem(String userId, String deviceId, String conversationId, long seq) {
}
