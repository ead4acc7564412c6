package chat.model.frames;

import chat.model.ErrorCode;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A refused frame. The connection stays open; nothing the frame asked for took effect. {@code retryAfterMs}, when
 * present (RATE_LIMITED, and UNAVAILABLE from a server shedding load), is the shortest wait after which the same
 * frame can be accepted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorFrame(String reqId, ErrorCode code, String message, boolean retryable, Long retryAfterMs)
        implements ServerFrame {
    public static ErrorFrame of(String reqId, ErrorCode code, String message) {
        return new ErrorFrame(reqId, code, message, code.retryable(), null);
    }

    /** RATE_LIMITED, with the wait until the next frame is allowed. */
    public static ErrorFrame rateLimited(String reqId, String message, long retryAfterMs) {
        return new ErrorFrame(reqId, ErrorCode.RATE_LIMITED, message, true, Math.max(1, retryAfterMs));
    }

    /** UNAVAILABLE from a server shedding load, with the wait it asks for before the same frame is sent again. */
    public static ErrorFrame unavailable(String reqId, String message, long retryAfterMs) {
        return new ErrorFrame(reqId, ErrorCode.UNAVAILABLE, message, true, Math.max(1, retryAfterMs));
    }
}
