package chat.cli;

import chat.client.ChatApiException;
import chat.client.ChatConnectException;
import chat.client.ChatErrorException;
import chat.client.ConnectionClosedException;
import chat.client.EndToEndException;
import chat.client.MessageFailedException;
import chat.client.NotConnectedException;
import chat.client.RequestTimeoutException;
import chat.model.ChatException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Turns any failure into the stable code and message the CLI prints. */
final class Errors {
    private Errors() {
    }

    record Report(String code, String message) {
        String line() {
            return "error: " + code + ": " + message;
        }
    }

    /** The report of a failure of a command that talked to {@code api} and {@code brokers}. */
    static Report report(Throwable error, URI api, List<URI> brokers) {
        Throwable t = Attempts.unwrap(error);
        return Unreachable.describe(t, api, brokers.get(0))
                .map(u -> new Report("UNREACHABLE", "cannot reach " + u + "; " + Unreachable.HINT))
                .orElseGet(() -> report(t));
    }

    static Report report(Throwable t) {
        t = Attempts.unwrap(t);
        if (t instanceof CliException e) {
            return new Report(e.code(), e.getMessage());
        }
        if (t instanceof chat.client.store.LocalStoreException e) {
            return new Report("LOCAL_STORE", e.getMessage());
        }
        if (t instanceof ChatApiException e) {
            return new Report(e.codeName(), e.getMessage());
        }
        if (t instanceof ChatConnectException e) {
            String code = e.code() != null ? e.code().name()
                    : e.httpStatus() != 0 ? "HTTP_" + e.httpStatus() : "UNREACHABLE";
            return new Report(code, e.getMessage());
        }
        if (t instanceof ChatErrorException e) {
            return new Report(e.code().name(), e.frame().message());
        }
        if (t instanceof EndToEndException e) {
            return new Report(e.reason().name(), e.detail());
        }
        if (t instanceof MessageFailedException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EndToEndException ee) {
                return report(ee);
            }
            if (cause instanceof ChatErrorException ce) {
                return new Report(ce.code().name(), ce.frame().message());
            }
            return new Report("SEND_FAILED", String.valueOf(e.message().failure()));
        }
        if (t instanceof ChatException e) {
            return new Report(e.code().name(), e.getMessage());
        }
        if (t instanceof RequestTimeoutException || t instanceof TimeoutException) {
            return new Report("TIMEOUT", t.getMessage() == null ? "timed out" : t.getMessage());
        }
        if (t instanceof ConnectionClosedException || t instanceof NotConnectedException) {
            return new Report("DISCONNECTED", t.getMessage());
        }
        return new Report("CLIENT_ERROR", t.getClass().getSimpleName() + (t.getMessage() == null ? ""
                : ": " + t.getMessage()));
    }
}
