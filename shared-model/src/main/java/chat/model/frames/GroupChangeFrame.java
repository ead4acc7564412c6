package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.Limits;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;

/**
 * Change a group: {@code add} (userIds), {@code remove} (one userId), {@code promote} (userIds to admin),
 * {@code rename} (name) — admins only — or {@code leave}. Each change is stored as an entry with its own seq.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupChangeFrame(String reqId, String clientMsgId, String conversationId, String action,
        List<String> userIds, String name) implements ClientFrame {
    public static final Set<String> ACTIONS = Set.of("add", "remove", "promote", "rename", "leave");

    public GroupChangeFrame {
        Fields.reqId(reqId);
        Ids.requireMatch(Ids.CLIENT_MSG_ID, clientMsgId, "clientMsgId");
        Fields.conversationId(conversationId);
        Fields.required(action, "action");
        if (!ACTIONS.contains(action)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "action must be one of " + ACTIONS);
        }
        switch (action) {
            case "add", "promote" -> {
                userIds = Fields.userIds(userIds, Limits.MAX_GROUP_MEMBERS - 1);
                if (userIds.isEmpty()) {
                    throw new ChatException(ErrorCode.INVALID_FIELD, "userIds must not be empty");
                }
            }
            case "remove" -> {
                // Checked before the list itself: a long list is a malformed remove, not a full group.
                if (Fields.required(userIds, "userIds").size() != 1) {
                    throw new ChatException(ErrorCode.INVALID_FIELD, "remove takes exactly one user id");
                }
                userIds = Fields.userIds(userIds, 1);
            }
            case "rename" -> Fields.groupName(name);
            default -> userIds = List.of();
        }
    }
}
