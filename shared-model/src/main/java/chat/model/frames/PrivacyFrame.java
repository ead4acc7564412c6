package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The caller's privacy settings after a setPrivacy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrivacyFrame(String reqId, LastSeenPrivacy lastSeen) implements ServerFrame {
}
