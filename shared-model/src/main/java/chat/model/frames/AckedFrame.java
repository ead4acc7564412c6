package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Answer to an ack: the caller's cursors in the conversation after it (cursors never move back). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AckedFrame(String reqId, String conversationId, long delivered, long read) implements ServerFrame {
}
