package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One user's presence as the reader may see it: {@code online} and {@code lastSeen} (epoch millis of the last
 * disconnect) are absent when the user's privacy setting hides them from the reader; {@code lastSeen} is also absent
 * while online or when the user never disconnected.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceView(String userId, Boolean online, Long lastSeen) {
}
