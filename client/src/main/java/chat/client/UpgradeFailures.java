package chat.client;

import chat.model.ErrorCode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;

/** Turns a failed WebSocket upgrade into a {@link ChatConnectException}. */
final class UpgradeFailures {
    private UpgradeFailures() {
    }

    private static ErrorCode errorCode(String name) {
        try {
            return ErrorCode.valueOf(name.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Why an upgrade failed: the HTTP status and error code of a refusal, or status 0 when unreachable. */
    static ChatConnectException of(URI ws, Throwable error) {
        if (error instanceof WebSocketHandshakeException wshe && wshe.getResponse() != null) {
            HttpResponse<?> response = wshe.getResponse();
            int status = response.statusCode();
            // The broker names the refusal in headers; an ApiError body, if any, is the fallback.
            ErrorCode code = response.headers().firstValue("X-Chat-Error").map(UpgradeFailures::errorCode).orElse(null);
            String why = response.headers().firstValue("X-Chat-Error-Message").orElse(null);
            Object body = response.body();
            String text = body instanceof String s ? s
                    : body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
            ChatApiException parsed = ChatHttpApi.error(status, text);
            if (code == null) {
                code = parsed.code() != null ? parsed.code() : ChatHttpApi.codeForStatus(status);
            }
            if (why == null && parsed.code() != null) {
                why = parsed.getMessage();
            }
            return new ChatConnectException(status, code, "WebSocket upgrade to " + ws + " refused with HTTP "
                    + status + (code != null ? " " + code : "") + (why != null ? ": " + why : ""), error);
        }
        String what = error instanceof HttpTimeoutException ? "timed out"
                : error instanceof ConnectException ? "connection refused"
                : String.valueOf(error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName());
        return new ChatConnectException(0, ErrorCode.UNAVAILABLE, "cannot connect to " + ws + ": " + what, error);
    }
}
