package chat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many idle, authenticated WebSockets, as light as a client can be: one shared JDK HttpClient (one selector thread
 * and two callback threads for all of them) and per connection only the socket and a listener that waits for
 * {@code hello} and then ignores everything. The JDK answers the broker's heartbeat pings by itself as long as the
 * listener keeps asking for the next message, which it always does; that is all the protocol asks of an idle client.
 */
final class IdleSockets implements AutoCloseable {
    /**
     * The JDK gives every WebSocket two 16 KiB heap buffers for sending (these two net properties, read when each
     * connection is set up). An idle client sends nothing but pongs and one close frame (at most 139 bytes each), so
     * while these sockets exist the buffers are made small: 32 KiB of buffers per connection would make the load
     * generator, not the broker, the thing that runs out of memory. Restored by {@link #close()}.
     */
    private static final Map<String, String> SMALL_SEND_BUFFERS = Map.of(
            "jdk.httpclient.websocket.writeBufferSize", "512",
            "jdk.httpclient.websocket.intermediateBufferSize", "512");
    private final Map<String, String> savedProperties = new HashMap<>();
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "idle-sockets");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(callbacks).build();
    private final URI ws;
    private final Duration helloTimeout;
    private final WebSocket[] sockets;
    /** Each connection's id, from its hello (what the delivery callback names it by). */
    private final String[] connectionIds;
    /** Connections that said hello and have not closed. */
    private final AtomicInteger open = new AtomicInteger();
    /** Connections that closed while they should have stayed open (before {@link #close()}). */
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicReference<String> firstDrop = new AtomicReference<>();
    private volatile boolean closing;

    IdleSockets(URI ws, int capacity, Duration helloTimeout) {
        this.ws = ws;
        this.sockets = new WebSocket[capacity];
        this.connectionIds = new String[capacity];
        this.helloTimeout = helloTimeout;
        SMALL_SEND_BUFFERS.forEach((k, v) -> savedProperties.put(k, System.setProperty(k, v)));
    }

    /** Opens connection {@code index}; completes on its hello, fails on refusal, close, error or timeout. */
    CompletableFuture<Void> open(int index, String token) {
        Idle listener = new Idle(index);
        client.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(helloTimeout)
                .buildAsync(ws, listener)
                .whenComplete((socket, e) -> {
                    if (e != null) {
                        listener.hello.completeExceptionally(e);
                    } else {
                        sockets[index] = socket;
                    }
                });
        return listener.hello.orTimeout(helloTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int open() {
        return open.get();
    }

    /** The ids of the connections that said hello so far, in no particular order. */
    java.util.List<String> connectionIds() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String id : connectionIds) {
            if (id != null) {
                out.add(id);
            }
        }
        return out;
    }

    int dropped() {
        return dropped.get();
    }

    String firstDrop() {
        return firstDrop.get();
    }

    /**
     * Closes every connection normally and waits up to {@code limit} for the broker's close answers; aborts what is
     * left then. Returns how many had to be aborted.
     */
    int closeAll(Duration limit) {
        closing = true;
        for (WebSocket s : sockets) {
            if (s != null) {
                s.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").exceptionally(e -> {
                    s.abort();
                    return null;
                });
            }
        }
        long deadline = System.nanoTime() + limit.toNanos();
        while (open.get() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        int left = open.get();
        for (WebSocket s : sockets) {
            if (s != null && !s.isInputClosed()) {
                s.abort();
            }
        }
        return left;
    }

    @Override
    public void close() {
        closing = true;
        for (WebSocket s : sockets) {
            if (s != null) {
                s.abort();
            }
        }
        callbacks.shutdown();
        savedProperties.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    /** Per connection: the hello future (which also tells whether this connection counts as open) and nothing else. */
    private final class Idle implements WebSocket.Listener {
        private static final String ID_FIELD = "\"connectionId\":\"";
        final CompletableFuture<Void> hello = new CompletableFuture<>();
        private final int index;

        Idle(int index) {
            this.index = index;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (!hello.isDone()) {
                String text = data.toString();
                if (text.contains("\"type\":\"hello\"")) {
                    int at = text.indexOf(ID_FIELD);
                    if (at >= 0) {
                        int from = at + ID_FIELD.length();
                        connectionIds[index] = text.substring(from, text.indexOf('"', from));
                    }
                    if (hello.complete(null)) {
                        open.incrementAndGet();
                    }
                } else {
                    hello.completeExceptionally(new IllegalStateException("first frame is not hello: "
                            + data.subSequence(0, Math.min(120, data.length()))));
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            ended("closed by the broker with " + statusCode + (reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ended(error.toString());
        }

        private void ended(String why) {
            if (hello.completeExceptionally(new IllegalStateException(why)) || hello.isCompletedExceptionally()) {
                return;
            }
            open.decrementAndGet();
            connectionIds[index] = null;
            if (!closing) {
                dropped.incrementAndGet();
                firstDrop.compareAndSet(null, why);
            }
        }
    }
}
