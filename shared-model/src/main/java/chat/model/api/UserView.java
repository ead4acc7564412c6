package chat.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user as another user sees them. {@code online} and {@code lastSeen} follow the user's privacy setting and are
 * absent when hidden from the reader.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(String userId, String handle, String displayName, Boolean online, Long lastSeen) {
    public UserView(String userId, String handle, String displayName) {
        this(userId, handle, displayName, null, null);
    }
}
