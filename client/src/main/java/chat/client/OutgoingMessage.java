package chat.client;

/**
 * A snapshot of one outgoing message. {@code conversationId} is null until SENT when the message was addressed to a
 * {@code peer}; {@code seq} and {@code serverTime} are 0 until SENT; {@code attempts} counts frames put on the wire;
 * {@code failure} describes the last error (set when FAILED).
 */
public record OutgoingMessage(String clientMsgId, String conversationId, String peer, String body, MessageState state,
        long seq, long serverTime, int attempts, boolean duplicate, String failure) {
}
