package chat.model.api;

import chat.model.ErrorCode;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of every non-2xx HTTP answer. {@code retryAfterMs}, present only with RATE_LIMITED, is the shortest wait after
 * which the same request can be accepted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(ErrorCode code, String message, boolean retryable, Long retryAfterMs) {
    public ApiError(ErrorCode code, String message, boolean retryable) {
        this(code, message, retryable, null);
    }

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(code, message, code.retryable());
    }

    public static ApiError rateLimited(String message, long retryAfterMs) {
        return new ApiError(ErrorCode.RATE_LIMITED, message, true, Math.max(1, retryAfterMs));
    }
}
