package chat.functions.store;

import chat.model.frames.ChatMessage;
import java.util.Base64;

/** A message as stored: the body is the sender's opaque bytes. */
public record StoredMessage(String conversationId, long seq, String senderUserId, String senderDeviceId,
        String clientMsgId, byte[] body, long serverTime) {

    public ChatMessage toWire() {
        return new ChatMessage(conversationId, seq, senderUserId, senderDeviceId, clientMsgId,
                Base64.getEncoder().encodeToString(body), serverTime);
    }
}
