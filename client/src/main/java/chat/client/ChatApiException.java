package chat.client;

import chat.model.ErrorCode;

/**
 * A refused or failed REST call. {@link #code()} is the stable wire code from the server's {@code ApiError} body (or,
 * when the body could not be read, one derived from the HTTP status; {@code null} if none fits).
 * {@link #httpStatus()} is 0 when the server could not be reached at all.
 */
public class ChatApiException extends RuntimeException {
    private final ErrorCode code;
    private final int httpStatus;
    private final boolean retryable;
    private final Long retryAfterMs;

    public ChatApiException(ErrorCode code, int httpStatus, String message, boolean retryable, Throwable cause) {
        this(code, httpStatus, message, retryable, null, cause);
    }

    public ChatApiException(ErrorCode code, int httpStatus, String message, boolean retryable, Long retryAfterMs,
            Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.retryAfterMs = retryAfterMs;
    }

    /** With RATE_LIMITED: the shortest wait before the same request can be accepted; else null. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }

    public ErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The code as printed by tools: the wire code, or {@code HTTP_<status>} when there is none. */
    public String codeName() {
        if (code != null) {
            return code.name();
        }
        return httpStatus == 0 ? "UNREACHABLE" : "HTTP_" + httpStatus;
    }
}
