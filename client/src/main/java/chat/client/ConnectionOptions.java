package chat.client;

import chat.model.frames.ServerFrame;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of one {@link ChatConnection}.
 *
 * @param requestTimeout  how long a request waits for its answer (for sync: between two of its frames)
 * @param maxMessageChars largest reassembled text message accepted; a bigger one closes the connection (1009)
 * @param httpClient      the client to open the WebSocket with; null for a shared HTTP/1.1 client
 * @param listener        sees every decoded incoming frame from the very first (hello) on; may be null
 * @param tap             sees every decoded frame after the listeners, and every undecodable text message (tests
 *                        record frames through it); {@link FrameTap#NONE} by default
 * @param silenceLimit    how long the server may say nothing (no frame, ping or pong) before the client pings it; as
 *                        long again without an answer and the connection is given up (closed as 1006). Null (the
 *                        default): twice the hello's {@code heartbeatSeconds}, at least {@link #MIN_SILENCE_LIMIT}
 *                        ({@link #DEFAULT_SILENCE_LIMIT} until the hello arrives)
 */
public record ConnectionOptions(Duration requestTimeout, int maxMessageChars, HttpClient httpClient,
        Consumer<ServerFrame> listener, FrameTap tap, Duration silenceLimit) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SILENCE_LIMIT = Duration.ofSeconds(40);
    public static final Duration MIN_SILENCE_LIMIT = Duration.ofSeconds(10);

    public ConnectionOptions {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(tap, "tap");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (silenceLimit != null && (silenceLimit.isNegative() || silenceLimit.isZero())) {
            throw new IllegalArgumentException("silenceLimit must be positive");
        }
        if (maxMessageChars < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static ConnectionOptions defaults() {
        return new ConnectionOptions(DEFAULT_REQUEST_TIMEOUT, 16 * 1024 * 1024, null, null, FrameTap.NONE, null);
    }

    public ConnectionOptions withRequestTimeout(Duration value) {
        return new ConnectionOptions(value, maxMessageChars, httpClient, listener, tap, silenceLimit);
    }

    public ConnectionOptions withMaxMessageChars(int value) {
        return new ConnectionOptions(requestTimeout, value, httpClient, listener, tap, silenceLimit);
    }

    public ConnectionOptions withHttpClient(HttpClient value) {
        return new ConnectionOptions(requestTimeout, maxMessageChars, value, listener, tap, silenceLimit);
    }

    public ConnectionOptions withListener(Consumer<ServerFrame> value) {
        return new ConnectionOptions(requestTimeout, maxMessageChars, httpClient, value, tap, silenceLimit);
    }

    public ConnectionOptions withTap(FrameTap value) {
        return new ConnectionOptions(requestTimeout, maxMessageChars, httpClient, listener, value, silenceLimit);
    }

    public ConnectionOptions withSilenceLimit(Duration value) {
        return new ConnectionOptions(requestTimeout, maxMessageChars, httpClient, listener, tap, value);
    }
}
