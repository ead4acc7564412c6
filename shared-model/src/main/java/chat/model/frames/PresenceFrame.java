package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Pushed to subscribers when a watched user comes online or goes offline (fields as in {@link PresenceView}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceFrame(String userId, Boolean online, Long lastSeen) implements ServerFrame {
    public static PresenceFrame of(PresenceView view) {
        return new PresenceFrame(view.userId(), view.online(), view.lastSeen());
    }
}
