package chat.functions.store;

import chat.model.frames.ChatMessage;
import chat.model.frames.GroupEvent;
import java.util.Base64;

/** An entry as stored: a user's opaque body, or a group event (exactly one of the two). */
public record StoredMessage(String conversationId, long seq, String senderUserId, String senderDeviceId,
        String clientMsgId, byte[] body, GroupEvent event, long serverTime) {

    public ChatMessage toWire() {
        return new ChatMessage(conversationId, seq, senderUserId, senderDeviceId, clientMsgId,
                body == null ? null : Base64.getEncoder().encodeToString(body), serverTime, event);
    }

    public int bodyBytes() {
        return body == null ? 0 : body.length;
    }
}
