package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Answer to registerPush. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushRegisteredFrame(String reqId, PushKind kind) implements ServerFrame {
}
