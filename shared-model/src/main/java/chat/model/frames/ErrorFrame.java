package chat.model.frames;

import chat.model.ErrorCode;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A refused frame. The connection stays open; nothing the frame asked for took effect. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorFrame(String reqId, ErrorCode code, String message, boolean retryable) implements ServerFrame {
    public static ErrorFrame of(String reqId, ErrorCode code, String message) {
        return new ErrorFrame(reqId, code, message, code.retryable());
    }
}
