package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One entry of a conversation as clients see it: a user's message ({@code body}: the sender's opaque bytes in
 * base64) or a group event ({@code event}, no body). {@code serverTime} is epoch milliseconds when it was stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String conversationId, long seq, String senderUserId, String senderDeviceId,
        String clientMsgId, String body, long serverTime, GroupEvent event) {
    public ChatMessage {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(senderUserId, "senderUserId");
        if ((body == null) == (event == null)) {
            throw new IllegalArgumentException("exactly one of body or event");
        }
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1");
        }
    }

    /** A user's message. */
    public ChatMessage(String conversationId, long seq, String senderUserId, String senderDeviceId,
            String clientMsgId, String body, long serverTime) {
        this(conversationId, seq, senderUserId, senderDeviceId, clientMsgId, body, serverTime, null);
    }
}
