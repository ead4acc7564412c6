package chat.model.frames;

import chat.model.Ids;
import chat.model.Limits;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Create a group with the caller as admin and these other members. Idempotent by clientMsgId, like a send. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateGroupFrame(String reqId, String clientMsgId, String name, List<String> userIds)
        implements ClientFrame {
    public CreateGroupFrame {
        Fields.reqId(reqId);
        Ids.requireMatch(Ids.CLIENT_MSG_ID, clientMsgId, "clientMsgId");
        Fields.groupName(name);
        userIds = Fields.userIds(userIds, Limits.MAX_GROUP_MEMBERS - 1);
    }
}
