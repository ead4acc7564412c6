package chat.model.api;

import chat.model.ErrorCode;

/** Body of every non-2xx HTTP answer. */
public record ApiError(ErrorCode code, String message, boolean retryable) {
    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(code, message, code.retryable());
    }
}
