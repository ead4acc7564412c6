package chat.model.frames;

import java.util.Objects;

/**
 * One stored message as clients see it. {@code body} is the sender's opaque bytes in base64;
 * {@code serverTime} is epoch milliseconds when the server stored it.
 */
public record ChatMessage(String conversationId, long seq, String senderUserId, String senderDeviceId,
        String clientMsgId, String body, long serverTime) {
    public ChatMessage {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(senderUserId, "senderUserId");
        Objects.requireNonNull(body, "body");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1");
        }
    }
}
