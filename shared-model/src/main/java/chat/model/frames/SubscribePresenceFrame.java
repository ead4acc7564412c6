package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.Limits;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Subscribe this connection to the presence of users it shares a conversation with (e.g. when a chat is opened).
 * Answered by {@link PresenceListFrame}; later changes arrive as {@link PresenceFrame}s until the connection closes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscribePresenceFrame(String reqId, List<String> userIds) implements ClientFrame {
    public SubscribePresenceFrame {
        Fields.reqId(reqId);
        Fields.required(userIds, "userIds");
        if (userIds.isEmpty() || userIds.size() > Limits.MAX_PRESENCE_SUBSCRIBE) {
            throw new ChatException(ErrorCode.INVALID_FIELD,
                    "userIds must name 1 to " + Limits.MAX_PRESENCE_SUBSCRIBE + " users");
        }
        Set<String> distinct = new HashSet<>();
        for (String id : userIds) {
            Ids.requireMatch(Ids.USER_ID, id, "userIds");
            if (!distinct.add(id)) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "userIds must not repeat");
            }
        }
        userIds = List.copyOf(userIds);
    }
}
