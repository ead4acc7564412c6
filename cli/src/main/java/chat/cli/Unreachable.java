package chat.cli;

import chat.client.ChatApiException;
import chat.client.ChatConnectException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;

/** Recognises "nobody answered at that address" among failures, and says it in a newcomer's words. */
final class Unreachable {
    static final String HINT = "is the chat system running? Start it with: bin/chat-system "
            + "(or point --api/--ws, CHAT_API/CHAT_WS, at a running one)";

    private Unreachable() {
    }

    /**
     * {@code http://127.0.0.1:8081 (connection refused)} when {@code error} is a failure to reach {@code api} (an HTTP
     * call) or {@code broker} (a WebSocket upgrade) at all; empty for answers, even error answers.
     */
    static Optional<String> describe(Throwable error, URI api, URI broker) {
        if (error instanceof ChatApiException e && e.httpStatus() == 0 && e.getCause() != null) {
            return Optional.of(strip(api) + " (" + reason(e.getCause()) + ")");
        }
        if (error instanceof ChatConnectException e && e.httpStatus() == 0) {
            return Optional.of(broker + " (" + (e.getCause() == null ? "no answer" : reason(e.getCause())) + ")");
        }
        return Optional.empty();
    }

    private static String strip(URI api) {
        String s = api.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && !(t instanceof HttpConnectTimeoutException)) {
                return "connection refused";
            }
            if (t instanceof HttpTimeoutException) {
                return "timed out";
            }
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
