package chat.client.store;

import chat.client.MessageState;
import chat.model.frames.ChatMessage;
import chat.model.frames.GroupEvent;
import java.util.Base64;

/**
 * A message as the store keeps it: the body as bytes (not base64), and for this user's own messages their state
 * (SENT, DELIVERED or READ; null for everybody else's messages).
 */
public record StoredMessage(String conversationId, long seq, String senderUserId, String senderDeviceId,
        String clientMsgId, byte[] body, GroupEvent event, long serverTime, MessageState state, long storedAt) {

    /** The message as the protocol has it. */
    public ChatMessage toChatMessage() {
        return new ChatMessage(conversationId, seq, senderUserId, senderDeviceId, clientMsgId,
                body == null ? null : Base64.getEncoder().encodeToString(body), serverTime, event);
    }
}
