package chat.client;

import chat.model.frames.ServerFrame;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of one {@link ChatConnection}.
 *
 * @param requestTimeout    how long a request waits for its answer (for sync: between two of its frames)
 * @param recordFrames      keep every incoming frame in {@link ChatConnection#frames()} (tests); long-lived clients
 *                          that use a listener turn this off
 * @param maxRecordedFrames the queue drops its oldest frame beyond this many
 * @param maxMessageChars   largest reassembled text message accepted; a bigger one closes the connection (1009)
 * @param httpClient        the client to open the WebSocket with; null for a shared HTTP/1.1 client
 * @param listener          sees every decoded incoming frame from the very first (hello) on; may be null
 */
public record ConnectionOptions(Duration requestTimeout, boolean recordFrames, int maxRecordedFrames,
        int maxMessageChars, HttpClient httpClient, Consumer<ServerFrame> listener) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public ConnectionOptions {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (maxRecordedFrames < 1 || maxMessageChars < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static ConnectionOptions defaults() {
        return new ConnectionOptions(DEFAULT_REQUEST_TIMEOUT, true, 100_000, 16 * 1024 * 1024, null, null);
    }

    public ConnectionOptions withRequestTimeout(Duration value) {
        return new ConnectionOptions(value, recordFrames, maxRecordedFrames, maxMessageChars, httpClient, listener);
    }

    public ConnectionOptions withRecordFrames(boolean value) {
        return new ConnectionOptions(requestTimeout, value, maxRecordedFrames, maxMessageChars, httpClient, listener);
    }

    public ConnectionOptions withMaxRecordedFrames(int value) {
        return new ConnectionOptions(requestTimeout, recordFrames, value, maxMessageChars, httpClient, listener);
    }

    public ConnectionOptions withMaxMessageChars(int value) {
        return new ConnectionOptions(requestTimeout, recordFrames, maxRecordedFrames, value, httpClient, listener);
    }

    public ConnectionOptions withHttpClient(HttpClient value) {
        return new ConnectionOptions(requestTimeout, recordFrames, maxRecordedFrames, maxMessageChars, value, listener);
    }

    public ConnectionOptions withListener(Consumer<ServerFrame> value) {
        return new ConnectionOptions(requestTimeout, recordFrames, maxRecordedFrames, maxMessageChars, httpClient,
                value);
    }
}
