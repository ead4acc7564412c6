package chat.functions.queue;

/**
 * One stored message waiting to be pushed: the body of one fan-out queue message. {@code frame} is the encoded
 * message frame, so the worker can push it without reading the message back.
 */
public record FanoutEvent(String conversationId, long seq, String senderUserId, String senderDeviceId,
        long serverTime, String frame) {
}
