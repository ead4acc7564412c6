package chat.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare JDK WebSocket, as a third-party client would use one: whole text frames in, raw strings out, and how the
 * server closed it. Nothing of the reference client (no parsing, no reconnect), so tests see exactly what the broker
 * sends.
 */
final class RawSocket implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    /** The close frame the server sent (or 1006 if the connection dropped without one). */
    record Closed(int code, String reason) {
    }

    private RawSocket(URI ws, String token) throws Exception {
        this.socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(WAIT).buildAsync(ws, new Listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Opens a connection for the device and waits for its {@code hello}. */
    static RawSocket open(TestUsers users, TestUsers.Device device, URI ws) throws Exception {
        RawSocket s = new RawSocket(ws, users.api().token(device.credential()).token());
        String hello = s.next();
        if (!hello.contains("\"type\":\"hello\"")) {
            throw new AssertionError("first frame is not hello: " + hello);
        }
        return s;
    }

    void sendText(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void sendBinary(byte[] data) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(data), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next text frame from the server; fails if none comes in time. */
    String next() throws InterruptedException {
        String text = texts.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no frame within " + WAIT);
        }
        return text;
    }

    /** The server's close; fails if the connection is still open after the wait. */
    Closed awaitClose() throws Exception {
        return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, error.toString()));
        }
    }
}
