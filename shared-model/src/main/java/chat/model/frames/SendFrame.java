package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Send a message. Exactly one of {@code conversationId} or {@code peer} (a user id, or "@handle", for a direct chat).
 * {@code clientMsgId} makes the send idempotent per device; {@code body} is opaque base64, at most 64 KiB decoded.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendFrame(String reqId, String conversationId, String peer, String clientMsgId, String body)
        implements ClientFrame {
    public SendFrame {
        Fields.reqId(reqId);
        if ((conversationId == null) == (peer == null)) {
            throw new ChatException(conversationId == null ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD,
                    "exactly one of conversationId or peer is required");
        }
        if (conversationId != null) {
            Fields.conversationId(conversationId);
        } else if (peer.startsWith("@")) {
            Ids.requireHandle(peer.substring(1), "peer");
        } else {
            Ids.requireMatch(Ids.USER_ID, peer, "peer");
        }
        Ids.requireMatch(Ids.CLIENT_MSG_ID, clientMsgId, "clientMsgId");
        Fields.bodySize(body);
    }
}
