package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Answer to subscribePresence: the current presence of each named user, in request order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceListFrame(String reqId, List<PresenceView> presences) implements ServerFrame {
    public PresenceListFrame {
        presences = List.copyOf(presences);
    }
}
