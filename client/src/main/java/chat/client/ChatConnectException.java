package chat.client;

import chat.model.ErrorCode;

/**
 * Opening a WebSocket failed. {@link #httpStatus()} is the HTTP status with which the server refused the upgrade
 * (e.g. 401 for a bad or expired token), or 0 when no HTTP answer came (unreachable, timeout).
 */
public class ChatConnectException extends RuntimeException {
    private final int httpStatus;
    private final ErrorCode code;

    public ChatConnectException(int httpStatus, ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The stable code, when the refusal carried an ApiError body or its status implies one (401: UNAUTHENTICATED). */
    public ErrorCode code() {
        return code;
    }

    public boolean refusedByServer() {
        return httpStatus != 0;
    }
}
