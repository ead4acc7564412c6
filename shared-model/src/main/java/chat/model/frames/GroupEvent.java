package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A membership change of a group, stored in the conversation's own sequence so every device learns it in order.
 *
 * @param action  one of {@link GroupAction}'s wire names
 * @param actorUserId who made the change
 * @param userIds whom it concerns (created: the initial members; added; removed; promoted; left: the leaver)
 * @param name    the group name (created, renamed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupEvent(GroupAction action, String actorUserId, List<String> userIds, String name) {
    public GroupEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actorUserId, "actorUserId");
        userIds = userIds == null ? List.of() : List.copyOf(userIds);
    }
}
