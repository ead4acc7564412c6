package chat.client;

import chat.model.frames.AckFrame;
import chat.model.frames.AckedFrame;
import chat.model.frames.ClientFrame;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.HelloFrame;
import chat.model.frames.HistoryFrame;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.ListConversationsFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.model.frames.ServerFrame;
import chat.model.frames.SyncFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client WebSocket to a broker, speaking the frame protocol through {@link FrameCodec} only.
 *
 * <p>Requests ({@link #send}, {@link #ack}, {@link #sync}, {@link #history}, {@link #conversations}) get a generated
 * {@code reqId} (unless the frame carries one) and return a future completed by the answer with that reqId; an
 * {@code error} frame for it completes the future with {@link ChatErrorException}, no answer in time with
 * {@link RequestTimeoutException}, a close with {@link ConnectionClosedException}.
 *
 * <p>Every incoming frame (hello, unsolicited message/receipt frames, error frames without reqId, answers) goes to
 * the listeners and then to the options' {@link FrameTap}, so a frame a tap recorded has already reached every
 * listener. Frames are decoded and dispatched, in arrival order, on this connection's event thread (its own, or its
 * device's); futures complete on it too. Callbacks must not block it (waiting there for another answer of this
 * connection would deadlock).
 *
 * <p>Threads: a connection opened through the public {@code open} methods owns one thread (timers and dispatch) and
 * stops it when it ends; a device's connections use the device's {@link ClientExecutors}, which the device stops.
 *
 * <p>Thread-safe. Outgoing text is serialized (the JDK WebSocket allows one outstanding send), incoming text
 * fragments are reassembled before decoding.
 */
public final class ChatConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatConnection.class.getName());
    private static final AtomicLong CONNECTION_IDS = new AtomicLong();
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);
    private static volatile HttpClient sharedClient;

    private final URI uri;
    private final ConnectionOptions options;
    private final String name;
    private final ClientExecutors executors;
    /** Whether this connection created its executors (and so shuts them down when it ends). */
    private final boolean ownsExecutors;
    private final ScheduledExecutorService timer;
    private final SerialRunner events;
    private final PendingRequests pending;
    private final SilenceWatch silence;
    private final AtomicLong reqIds = new AtomicLong();
    private final List<Consumer<ServerFrame>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HelloFrame> hello = new CompletableFuture<>();
    private final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null); // guarded by sendLock
    private boolean closeSent; // guarded by sendLock
    private volatile WebSocket socket;

    private ChatConnection(URI uri, ConnectionOptions options, ClientExecutors shared) {
        this.uri = uri;
        this.options = options;
        this.name = "chat-conn-" + CONNECTION_IDS.incrementAndGet();
        this.ownsExecutors = shared == null;
        this.executors = shared != null ? shared : ClientExecutors.single(name);
        this.timer = executors.scheduler();
        this.events = new SerialRunner(executors.events());
        this.pending = new PendingRequests(new PendingRequests.Clock() {
            @Override
            public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
                return ChatConnection.this.schedule(task, delayMillis);
            }

            @Override
            public void post(Runnable task) {
                ChatConnection.this.post(task);
            }
        });
        if (options.listener() != null) {
            listeners.add(options.listener());
        }
        this.silence = new SilenceWatch(AckCoalescer.Timer.of(timer),
                options.silenceLimit() != null ? options.silenceLimit() : ConnectionOptions.DEFAULT_SILENCE_LIMIT,
                new SilenceWatch.Actions() {
                    @Override
                    public void ping() {
                        pingServer();
                    }

                    @Override
                    public void giveUp(Duration silent) {
                        LOG.log(System.Logger.Level.WARNING, name + ": nothing from the server for "
                                + silent.toMillis() + " ms; giving the connection up");
                        abandon("no answer from the server for " + silent.toMillis() + " ms");
                    }
                });
    }

    /** Opens a connection with default options (10 s request timeout, no tap). */
    public static CompletableFuture<ChatConnection> open(URI ws, String bearer, Duration timeout) {
        return open(ws, bearer, timeout, ConnectionOptions.defaults());
    }

    /**
     * Opens a WebSocket to {@code ws} with header {@code Authorization: Bearer <bearer>} (none if bearer is null).
     * Completes when the upgrade succeeded (the hello frame may come a moment later: see {@link #hello()}); fails with
     * {@link ChatConnectException} carrying the HTTP status if the server refused the upgrade (e.g. 401), or status 0
     * if it could not be reached within {@code timeout}.
     */
    public static CompletableFuture<ChatConnection> open(URI ws, String bearer, Duration timeout,
            ConnectionOptions options) {
        return open(ws, bearer, timeout, options, null);
    }

    /** As the public open, on a device's executors ({@code executors} null: the connection owns one thread). */
    static CompletableFuture<ChatConnection> open(URI ws, String bearer, Duration timeout,
            ConnectionOptions options, ClientExecutors executors) {
        Objects.requireNonNull(ws, "ws");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(options, "options");
        ChatConnection connection = new ChatConnection(ws, options, executors);
        HttpClient client = options.httpClient() != null ? options.httpClient() : sharedClient();
        CompletableFuture<ChatConnection> result = new CompletableFuture<>();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(timeout);
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        CompletableFuture<WebSocket> upgrade;
        try {
            upgrade = builder.buildAsync(ws, new FrameReader(connection.new Sink(), options.maxMessageChars(), connection.name));
        } catch (RuntimeException e) {
            connection.post(() -> connection.terminate(new CloseInfo(CloseInfo.ABNORMAL, "not opened", false)));
            return CompletableFuture.failedFuture(new ChatConnectException(0, null, "cannot open " + ws + ": " + e, e));
        }
        ScheduledFuture<?> timer = connection.schedule(() -> {
            if (result.completeExceptionally(new ChatConnectException(0, null,
                    "no WebSocket upgrade from " + ws + " within " + timeout.toMillis() + " ms", null))) {
                upgrade.cancel(true);
                connection.post(() -> connection.terminate(new CloseInfo(CloseInfo.ABNORMAL, "not opened", false)));
            }
        }, timeout.toMillis() + 50);
        upgrade.whenComplete((socket, error) -> {
            if (timer != null) {
                timer.cancel(false);
            }
            if (error != null) {
                if (result.completeExceptionally(UpgradeFailures.of(ws, ChatHttpApi.unwrap(error)))) {
                    connection.post(() -> connection.terminate(
                            new CloseInfo(CloseInfo.ABNORMAL, "not opened", false)));
                }
                return;
            }
            connection.socket = socket;
            if (!result.complete(connection)) {
                socket.abort(); // gave up waiting already
            } else {
                connection.silence.start();
            }
        });
        return result;
    }

    private static HttpClient sharedClient() {
        HttpClient c = sharedClient;
        if (c == null) {
            synchronized (ChatConnection.class) {
                c = sharedClient;
                if (c == null) {
                    c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    sharedClient = c;
                }
            }
        }
        return c;
    }

    // ---------------------------------------------------------------- requests

    /** The first server frame. Fails with {@link ConnectionClosedException} if the connection closes before it. */
    public CompletableFuture<HelloFrame> hello() {
        return hello;
    }

    /** Sends a message; answered by {@code sent}. A null reqId in the frame is replaced by a generated one. */
    public CompletableFuture<SentFrame> send(SendFrame frame) {
        return send(frame, options.requestTimeout());
    }

    public CompletableFuture<SentFrame> send(SendFrame frame, Duration timeout) {
        SendFrame f = frame.reqId() != null ? frame
                : new SendFrame(newReqId(), frame.conversationId(), frame.peer(), frame.clientMsgId(), frame.body());
        return requestFrame(f, SentFrame.class, timeout);
    }

    /** Cumulative ack: delivered and/or read up to the given seqs; answered by {@code acked}. */
    public CompletableFuture<AckedFrame> ack(String conversationId, Long delivered, Long read) {
        AckFrame f;
        try {
            f = new AckFrame(newReqId(), conversationId, delivered, read);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return requestFrame(f, AckedFrame.class, options.requestTimeout());
    }

    /** Delta sync; completes at {@code syncEnd} with every page's messages. */
    public CompletableFuture<SyncResult> sync(Map<String, Long> cursors, Integer limit) {
        return sync(cursors, limit, options.requestTimeout());
    }

    /** As {@link #sync(Map, Integer)}; {@code timeout} bounds the wait for each frame of the answer. */
    public CompletableFuture<SyncResult> sync(Map<String, Long> cursors, Integer limit, Duration timeout) {
        SyncFrame f;
        try {
            f = new SyncFrame(newReqId(), cursors, limit);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return requestFrame(f, SyncResult.class, timeout);
    }

    /** Up to {@code limit} messages before {@code beforeSeq} (null: the latest). */
    public CompletableFuture<HistoryPageFrame> history(String conversationId, Long beforeSeq, Integer limit) {
        HistoryFrame f;
        try {
            f = new HistoryFrame(newReqId(), conversationId, beforeSeq, limit);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return requestFrame(f, HistoryPageFrame.class, options.requestTimeout());
    }

    public CompletableFuture<ConversationListFrame> conversations() {
        return requestFrame(new ListConversationsFrame(newReqId()), ConversationListFrame.class,
                options.requestTimeout());
    }

    /**
     * Any request frame (e.g. frame types newer than this class), answered by a frame of {@code answerType} carrying
     * the same reqId. The frame must carry a reqId (use {@link #newReqId()}).
     */
    public <T extends ServerFrame> CompletableFuture<T> request(ClientFrame frame, Class<T> answerType) {
        return request(frame, answerType, options.requestTimeout());
    }

    public <T extends ServerFrame> CompletableFuture<T> request(ClientFrame frame, Class<T> answerType,
            Duration timeout) {
        if (frame.reqId() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the frame needs a reqId"));
        }
        return requestFrame(frame, answerType, timeout);
    }

    /** Sends any text as one WebSocket text frame, unchecked (for tests of bad input). Completes when written. */
    public CompletableFuture<Void> sendRaw(String text) {
        return sendText(text);
    }

    /** A fresh request id, unique on this connection. */
    public String newReqId() {
        return "r" + reqIds.incrementAndGet();
    }

    /** Requests waiting for their answer. */
    public int pendingRequests() {
        return pending.size();
    }

    private <T> CompletableFuture<T> requestFrame(ClientFrame frame, Class<T> answer, Duration timeout) {
        if (closed.isDone()) {
            return CompletableFuture.failedFuture(new ConnectionClosedException(closed.join()));
        }
        CompletableFuture<T> answered = pending.register(frame.reqId(), frame.getClass().getSimpleName(), answer,
                timeout);
        if (answered.isDone()) {
            return answered; // the reqId is in use
        }
        if (closed.isDone()) { // ended meanwhile: terminate may have missed this request
            answered.completeExceptionally(new ConnectionClosedException(closed.join()));
            return answered;
        }
        String text;
        try {
            text = FrameCodec.encode(frame);
        } catch (RuntimeException e) {
            answered.completeExceptionally(e);
            return answered;
        }
        sendText(text).whenComplete((v, error) -> {
            if (error != null) {
                post(() -> answered.completeExceptionally(ChatHttpApi.unwrap(error)));
            }
        });
        return answered;
    }

    private CompletableFuture<Void> sendText(String text) {
        synchronized (sendLock) {
            WebSocket ws = socket;
            if (closeSent || closed.isDone() || ws == null) {
                return CompletableFuture.failedFuture(new ConnectionClosedException(
                        closed.getNow(new CloseInfo(CloseInfo.ABNORMAL, "closing", false))));
            }
            CompletableFuture<Void> mine = sendTail.handle((x, e) -> null)
                    .thenCompose(x -> ws.sendText(text, true))
                    .thenApply(w -> null);
            sendTail = mine;
            return mine;
        }
    }

    // ---------------------------------------------------------------- observing

    /** Adds a listener for frames arriving from now on (runs on the connection's event thread). */
    public void addListener(Consumer<ServerFrame> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(Consumer<ServerFrame> listener) {
        listeners.remove(listener);
    }

    public ConnectionOptions options() {
        return options;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Completes once, when the connection has ended, with the close code and reason. */
    public CompletableFuture<CloseInfo> closed() {
        return closed;
    }

    public boolean isOpen() {
        synchronized (sendLock) {
            return socket != null && !closeSent && !closed.isDone();
        }
    }

    public URI uri() {
        return uri;
    }

    public String name() {
        return name;
    }

    /** Closes normally (1000). */
    @Override
    public void close() {
        close(1000, "bye");
    }

    /**
     * Starts the closing handshake with the given code; the returned future (the same as {@link #closed()}) completes
     * when the server answers, or after a grace period in which the connection is aborted.
     */
    public CompletableFuture<CloseInfo> close(int code, String reason) {
        synchronized (sendLock) {
            WebSocket ws = socket;
            if (closeSent || closed.isDone() || ws == null) {
                return closed;
            }
            closeSent = true;
            CompletableFuture<Void> mine = sendTail.handle((x, e) -> null)
                    .thenCompose(x -> ws.sendClose(code, reason == null ? "" : reason))
                    .thenApply(w -> null);
            sendTail = mine;
            mine.whenComplete((v, e) -> {
                if (e != null) {
                    ws.abort();
                    post(() -> terminate(new CloseInfo(code, reason, false)));
                }
            });
        }
        schedule(() -> {
            if (!closed.isDone()) {
                ws().abort();
                post(() -> terminate(new CloseInfo(code, reason, false)));
            }
        }, CLOSE_GRACE.toMillis());
        return closed;
    }

    /** Drops the TCP connection without a closing handshake (simulates a network failure). */
    public void abort() {
        abandon("aborted");
    }

    private void abandon(String why) {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        post(() -> terminate(new CloseInfo(CloseInfo.ABNORMAL, why, false)));
    }

    /** The silence watch's ping. A ping or pong still on its way fails it: the next check tries again. */
    private void pingServer() {
        WebSocket ws = socket;
        if (ws == null || closed.isDone()) {
            return;
        }
        try {
            ws.sendPing(ByteBuffer.allocate(0));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, name + ": ping not sent: " + e);
        }
    }

    private WebSocket ws() {
        return socket;
    }

    /** Runs on the event thread; ignores work submitted after the connection ended. */
    private void post(Runnable task) {
        events.run(task);
    }

    /** A timer; none once the executors were shut down (the connection has ended or its device closed). */
    private ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        try {
            return timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Event thread: the connection ended. Fails everything waiting, then stops the event thread. */
    private void terminate(CloseInfo info) {
        if (!closed.complete(info)) {
            return;
        }
        synchronized (sendLock) {
            closeSent = true;
        }
        silence.stop();
        ConnectionClosedException ex = new ConnectionClosedException(info);
        hello.completeExceptionally(ex);
        pending.failAll(ex);
        events.stop();
        if (ownsExecutors) {
            executors.shutdown();
        }
    }

    // ---------------------------------------------------------------- incoming

    /** Event thread: decode one complete text message and dispatch it. */
    private void handleText(String text) {
        ServerFrame frame;
        try {
            frame = FrameCodec.decodeServer(text);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": undecodable frame dropped: " + e.getMessage());
            tap(() -> options.tap().onUndecodable(text, e));
            return;
        }
        dispatch(frame);
    }

    private void dispatch(ServerFrame frame) {
        // Listeners first: whoever wakes up on a recorded frame may rely on the listeners having seen it.
        for (Consumer<ServerFrame> l : listeners) {
            try {
                l.accept(frame);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, name + ": frame listener failed", e);
            }
        }
        tap(() -> options.tap().onFrame(frame));
        if (frame instanceof HelloFrame h) {
            if (options.silenceLimit() == null && h.heartbeatSeconds() > 0) {
                Duration twice = Duration.ofSeconds(2L * h.heartbeatSeconds());
                silence.limit(twice.compareTo(ConnectionOptions.MIN_SILENCE_LIMIT) < 0
                        ? ConnectionOptions.MIN_SILENCE_LIMIT : twice);
            }
            hello.complete(h);
        } else {
            pending.onFrame(frame);
        }
    }

    private void tap(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": frame tap failed", e);
        }
    }

    /** What the {@link FrameReader} reports, on the WebSocket's threads. */
    private final class Sink implements FrameReader.Sink {
        @Override
        public void opened(WebSocket webSocket) {
            socket = webSocket;
        }

        @Override
        public void heard() {
            silence.heard();
        }

        @Override
        public void text(String text) {
            post(() -> handleText(text));
        }

        @Override
        public void tooBig() {
            close(1009, "message too big");
        }

        @Override
        public void closed(int statusCode, String reason) {
            boolean ours;
            synchronized (sendLock) {
                ours = closeSent;
            }
            CloseInfo info = new CloseInfo(statusCode, reason, !ours);
            post(() -> terminate(info));
        }

        @Override
        public void failed(Throwable error) {
            String why = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
            post(() -> terminate(new CloseInfo(CloseInfo.ABNORMAL, why, false)));
        }
    }

    @Override
    public String toString() {
        return name + " " + uri;
    }
}
