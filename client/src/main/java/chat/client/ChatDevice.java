package chat.client;

import chat.model.CloseCodes;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.auth.DeviceCredential;
import chat.model.frames.ChatMessage;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.ErrorFrame;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.HelloFrame;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.ReceiptFrame;
import chat.model.frames.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The high-level client of one device: what the CLI and the end-to-end tests use.
 *
 * <p>It holds the device credential, gets short-lived tokens from the REST API (or, without an API, presents the
 * credential itself), connects, and on every connect runs delta sync with the inbox's cursors until caught up. Live
 * messages and sync pages go through the {@link ConversationInbox}, so {@link Listener#onMessage} sees each message
 * exactly once and in seq order per conversation — the device's own sent messages included (they are added when the
 * server answers SENT). It acks delivered cumulatively, optionally read as well (one frame carries both), coalesced
 * per conversation over {@link Builder#ackWindow} with one ack in flight at most ({@link AckCoalescer}). After an unexpected close it reconnects with backoff and full jitter — not after 4001 (displaced). When a
 * gap (a live message ahead of the contiguous cursor) lasts longer than {@code gapRepairAfter}, it syncs.
 *
 * <p>All state changes and listener calls happen on the device's single event thread, in order. Listeners must not
 * block it.
 */
public final class ChatDevice implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatDevice.class.getName());
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);
    private static final int MAX_SYNC_STALLS = 3;
    private static final int MAX_UPGRADE_REFUSALS = 3;
    /** A first connection refused with 503 (server busy) is retried this often before start() fails. */
    private static final int MAX_INITIAL_RETRIES = 3;

    /** Where the device is in its life. */
    public enum State {
        NEW, CONNECTING, SYNCING, ONLINE, RECONNECTING,
        /** Another connection of this device replaced this one (close 4001): no automatic reconnect. */
        DISPLACED,
        CLOSED,
        /** The credential was refused (the device removed: close 4003) or the first connection failed. */
        FAILED;

        public boolean terminal() {
            return this == DISPLACED || this == CLOSED || this == FAILED;
        }
    }

    /** Callbacks, all on the device's event thread. */
    public interface Listener {
        /** A message, in seq order per conversation, each exactly once. */
        default void onMessage(ChatMessage message) {
        }

        /** An outgoing message changed state. */
        default void onOutgoing(OutgoingMessage message) {
        }

        /** A member's cursors moved (another member, or this user on another device). */
        default void onReceipt(ReceiptFrame receipt) {
        }

        /** A group's aggregated cursors moved. */
        default void onGroupReceipt(GroupReceiptFrame receipt) {
        }

        default void onState(State state, String detail) {
        }

        /** An error frame that answers no request of this device (e.g. a refused frame without reqId). */
        default void onServerError(ErrorFrame error) {
        }

        /** Every decoded frame of the current connection, before the device handles it. */
        default void onFrame(ServerFrame frame) {
        }
    }

    private final List<URI> endpoints;
    private final String credential;
    private final ChatHttpApi api;
    private final Config config;
    private final ClientExecutors executors;
    private final ScheduledExecutorService loop;
    private final Executor loopExec;
    private final ConversationInbox inbox;
    private final ReceiptTracker receipts;
    private final Outbox outbox;
    private final AckCoalescer acks;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private volatile String userId;
    private volatile String deviceId;
    private volatile ChatConnection conn;
    private volatile State state = State.NEW;
    private volatile HelloFrame hello;

    // Confined to the event thread.
    private int generation;
    private boolean everConnected;
    private String token;
    private long tokenExpiresAt;
    private int reconnectAttempt;
    /** Index into endpoints of the broker to connect to next; moves on after a failure or an unexpected close. */
    private int endpoint;
    /** Endpoints that failed in a row without any connection in between (every one failing makes start() fail). */
    private int failedInARow;
    private int refusals;
    private int initialRetries;
    private boolean syncRunning;
    private boolean syncAgain;
    private int syncRetries;
    private final List<CompletableFuture<Void>> syncWaiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> onlineWaiters = new ArrayList<>();
    private final Map<String, Long> lastGapSync = new HashMap<>();
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> gapTimer;
    private volatile boolean closing;
    private CompletableFuture<HelloFrame> started;

    private ChatDevice(Builder b) {
        this.endpoints = List.copyOf(b.endpoints);
        this.credential = Objects.requireNonNull(b.credential, "credential");
        this.api = b.api;
        this.config = new Config(b);
        if (DeviceCredential.looksLikeCredential(credential)) {
            try {
                DeviceCredential parsed = DeviceCredential.parse(credential);
                this.userId = parsed.userId();
                this.deviceId = parsed.deviceId();
            } catch (RuntimeException ignored) {
                // the server will refuse it; identity comes from hello otherwise
            }
        }
        this.executors = ClientExecutors.forDevice(deviceId != null ? deviceId : "?");
        this.loop = executors.scheduler();
        this.loopExec = task -> {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                task.run(); // closed: handlers only clean up
            }
        };
        this.inbox = b.inbox != null ? b.inbox : new ConversationInbox();
        this.receipts = new ReceiptTracker(userId);
        this.outbox = new Outbox(frame -> {
            ChatConnection c = conn;
            if (c == null || !c.isOpen()) {
                return CompletableFuture.failedFuture(new NotConnectedException("not connected"));
            }
            return c.send(frame);
        }, new ResendPolicy(config.backoff, config.maxSendAttempts, config.sendGiveUpAfter), loop, loopExec, receipts);
        this.acks = new AckCoalescer((conversationId, delivered, read) -> {
            ChatConnection c = conn;
            if (c == null || !c.isOpen()) {
                return CompletableFuture.failedFuture(new NotConnectedException("not connected"));
            }
            return c.ack(conversationId, delivered, read);
        }, config.backoff, AckCoalescer.Timer.of(loop), config.ackWindow);
        this.outbox.addListener(this::onOutgoing);
        this.listeners.addAll(b.listeners);
    }

    public static Builder builder(URI ws, String credential) {
        return new Builder(List.of(ws), credential);
    }

    /**
     * A device that fails over along several brokers: it connects to the first, and after a connection failure or
     * an unexpected close it moves on to the next (any broker serves any device).
     */
    public static Builder builder(List<URI> brokers, String credential) {
        return new Builder(brokers, credential);
    }

    // ---------------------------------------------------------------- public API

    /**
     * Connects for the first time and (unless disabled) syncs until caught up. Completes with the hello frame once
     * ONLINE; fails if the first connection fails (bad credential, unreachable broker). Idempotent.
     */
    public synchronized CompletableFuture<HelloFrame> start() {
        if (started != null) {
            return started;
        }
        started = new CompletableFuture<>();
        loopExec.execute(() -> {
            setState(State.CONNECTING, endpoints.get(0).toString());
            connect();
        });
        long every = Math.max(50, config.gapRepairAfter.toMillis() / 4);
        gapTimer = loop.scheduleWithFixedDelay(this::checkGaps, every, every, TimeUnit.MILLISECONDS);
        return started;
    }

    public State state() {
        return state;
    }

    /** From the credential, or from the hello frame. */
    public String userId() {
        return userId;
    }

    public String deviceId() {
        return deviceId;
    }

    /** The current connection's hello frame. */
    public Optional<HelloFrame> hello() {
        return Optional.ofNullable(hello);
    }

    public ConversationInbox inbox() {
        return inbox;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** The other members' cursors, which move sent messages to DELIVERED and READ. */
    public ReceiptTracker receipts() {
        return receipts;
    }

    public AckCoalescer acks() {
        return acks;
    }

    /** The current connection, if connected. */
    public Optional<ChatConnection> connection() {
        return Optional.ofNullable(conn);
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Sends a message. {@code target}: a conversation id, a user id or "@handle" (direct conversation). Completes at
     * SENT; fails with {@link MessageFailedException} at FAILED. An invalid target or body throws at once.
     */
    public CompletableFuture<OutgoingMessage> send(String target, byte[] body) {
        return send(target, body, UUID.randomUUID().toString());
    }

    /** As {@link #send(String, byte[])} with a chosen clientMsgId (the same id never sends twice). */
    public CompletableFuture<OutgoingMessage> send(String target, byte[] body, String clientMsgId) {
        Objects.requireNonNull(target, "target");
        String b64 = Base64.getEncoder().encodeToString(body);
        CompletableFuture<OutgoingMessage> sent = Ids.CONVERSATION_ID.matcher(target).matches()
                ? outbox.submit(target, null, clientMsgId, b64)
                : outbox.submit(null, target, clientMsgId, b64);
        State now = state;
        if (now.terminal()) {
            outbox.failAll("device is " + now); // it will not connect again
        }
        return sent;
    }

    /** Sends UTF-8 text. */
    public CompletableFuture<OutgoingMessage> sendText(String target, String text) {
        return send(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts a FAILED message over with the same clientMsgId. */
    public CompletableFuture<OutgoingMessage> retry(String clientMsgId) {
        return outbox.retry(clientMsgId);
    }

    /** Acks "delivered up to seq" (coalesced). */
    public void markDelivered(String conversationId, long seq) {
        acks.delivered(conversationId, seq);
    }

    /** Acks "read up to seq" (coalesced; implies delivered). */
    public void markRead(String conversationId, long seq) {
        acks.read(conversationId, seq);
    }

    /** Runs a sync (until caught up) now; completes when it is done. */
    public CompletableFuture<Void> syncNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loopExec.execute(() -> runSync().whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        }));
        return done;
    }

    /** The conversation list; its peer cursors also update the outgoing messages' states. */
    public CompletableFuture<ConversationListFrame> conversations() {
        ChatConnection c = conn;
        if (c == null) {
            return CompletableFuture.failedFuture(new NotConnectedException("not connected"));
        }
        return c.conversations().thenApply(list -> {
            receipts.onConversationList(list);
            return list;
        });
    }

    public CompletableFuture<HistoryPageFrame> history(String conversationId, Long beforeSeq, Integer limit) {
        ChatConnection c = conn;
        if (c == null) {
            return CompletableFuture.failedFuture(new NotConnectedException("not connected"));
        }
        return c.history(conversationId, beforeSeq, limit);
    }

    /** Completes when the device is (next) ONLINE: connected and caught up. */
    public CompletableFuture<Void> awaitOnline() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loopExec.execute(() -> {
            if (state == State.ONLINE) {
                f.complete(null);
            } else if (state.terminal()) {
                f.completeExceptionally(new IllegalStateException("device is " + state));
            } else {
                onlineWaiters.add(f);
            }
        });
        return f;
    }

    /** Drops the current connection without a close handshake, as a network failure would (for tests). */
    public void dropConnection() {
        ChatConnection c = conn;
        if (c != null) {
            c.abort();
        }
    }

    /** Closes the connection (waiting briefly for the closing handshake) and stops; SENDING messages fail. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        CompletableFuture<CloseInfo> closedConn = new CompletableFuture<>();
        loopExec.execute(() -> {
            cancel(reconnectTimer);
            cancel(gapTimer);
            acks.flush(); // what a window still holds leaves before the close frame
            ChatConnection c = conn;
            conn = null;
            if (c != null) {
                c.close(1000, "device closed").whenComplete((ci, e) -> closedConn.complete(ci));
            } else {
                closedConn.complete(null);
            }
            outbox.failAll("device closed");
            if (started != null) {
                started.completeExceptionally(new IllegalStateException("device closed"));
            }
            failWaiters(new IllegalStateException("device closed"));
            setState(State.CLOSED, "closed by client");
        });
        if (!executors.isOwnThread()) {
            try {
                closedConn.get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort
            }
        }
        executors.shutdown();
    }

    // ---------------------------------------------------------------- connecting

    private void connect() {
        if (closing || state.terminal()) {
            return;
        }
        int gen = ++generation;
        URI ws = endpoints.get(endpoint);
        ConnectionOptions options = ConnectionOptions.defaults()
                .withTap(config.frameTap)
                .withRequestTimeout(config.requestTimeout)
                .withHttpClient(config.httpClient)
                .withListener(frame -> loopExec.execute(() -> onFrame(gen, frame)));
        bearer()
                .thenCompose(bearer -> ChatConnection.open(ws, bearer, config.connectTimeout, options, executors))
                .thenCompose(c -> c.hello().copy()
                        .orTimeout(config.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .handle((h, error) -> {
                            if (error != null) {
                                c.abort();
                                Throwable cause = ChatHttpApi.unwrap(error);
                                throw new CompletionException(cause instanceof TimeoutException
                                        ? new ChatConnectException(0, ErrorCode.UNAVAILABLE,
                                                "no hello frame from " + ws, cause)
                                        : cause);
                            }
                            return new Opened(c, h);
                        }))
                .whenCompleteAsync((opened, error) -> {
                    if (error != null) {
                        onConnectFailed(gen, ChatHttpApi.unwrap(error));
                    } else {
                        onConnected(gen, opened.connection, opened.hello);
                    }
                }, loopExec);
    }

    private record Opened(ChatConnection connection, HelloFrame hello) {
    }

    /** A token from the API (cached until shortly before it expires), or the credential itself without an API. */
    private CompletableFuture<String> bearer() {
        if (api == null) {
            return CompletableFuture.completedFuture(credential);
        }
        if (token != null && tokenExpiresAt - System.currentTimeMillis() > TOKEN_MARGIN.toMillis()) {
            return CompletableFuture.completedFuture(token);
        }
        return api.tokenAsync(credential).thenApplyAsync(t -> {
            token = t.token();
            tokenExpiresAt = t.expiresAt();
            return t.token();
        }, loopExec);
    }

    private void onConnected(int gen, ChatConnection c, HelloFrame h) {
        if (closing || gen != generation) {
            c.close();
            return;
        }
        conn = c;
        hello = h;
        everConnected = true;
        refusals = 0;
        failedInARow = 0;
        if (userId == null) {
            userId = h.userId();
        }
        if (deviceId == null) {
            deviceId = h.deviceId();
        }
        c.closed().whenCompleteAsync((info, e) -> onClosed(gen, info), loopExec);
        outbox.onReconnected();
        acks.flush();
        if (config.syncOnConnect) {
            setState(State.SYNCING, "connection " + h.connectionId());
            runSync();
        } else {
            goOnline();
        }
    }

    private void goOnline() {
        setState(State.ONLINE, hello == null ? "" : "connection " + hello.connectionId());
        reconnectAttempt = 0;
        if (started != null) {
            started.complete(hello);
        }
        List<CompletableFuture<Void>> waiters = new ArrayList<>(onlineWaiters);
        onlineWaiters.clear();
        waiters.forEach(w -> w.complete(null));
    }

    private void onConnectFailed(int gen, Throwable error) {
        if (closing || gen != generation) {
            return;
        }
        String detail = error.getMessage();
        boolean unreachable = error instanceof ChatConnectException e && e.httpStatus() == 0;
        if (unreachable || error instanceof ChatConnectException refused && refused.httpStatus() == 503) {
            nextEndpoint(); // another broker may be up
        }
        if (!everConnected && unreachable && ++failedInARow < endpoints.size()) {
            scheduleReconnect(detail); // the first connection tries every broker before giving up
            return;
        }
        if (!everConnected) {
            boolean busy = error instanceof ChatConnectException e && e.httpStatus() == 503;
            if (!busy || ++initialRetries > MAX_INITIAL_RETRIES) {
                fatal("cannot connect: " + detail, error);
                return;
            }
        }
        if (error instanceof ChatApiException e && e.code() == ErrorCode.UNAUTHENTICATED) {
            fatal("credential refused: " + detail, error);
            return;
        }
        if (error instanceof ChatConnectException e && e.httpStatus() == 401) {
            token = null;
            if (api == null || ++refusals >= MAX_UPGRADE_REFUSALS) {
                fatal("upgrade refused: " + detail, error);
                return;
            }
        }
        scheduleReconnect(detail);
    }

    private void onClosed(int gen, CloseInfo info) {
        if (gen != generation) {
            return;
        }
        conn = null;
        if (closing) {
            return;
        }
        if (info != null && info.displaced()) {
            setState(State.DISPLACED, "closed " + info);
            outbox.failAll("displaced: another connection of this device took over");
            failWaiters(new IllegalStateException("device displaced"));
            return;
        }
        if (info != null && info.deviceRemoved()) {
            fatal("device removed: " + info, new IllegalStateException("device removed; log in again"));
            return;
        }
        if (!config.reconnect) {
            setState(State.CLOSED, "closed " + info);
            outbox.failAll("connection closed: " + info);
            failWaiters(new IllegalStateException("connection closed: " + info));
            return;
        }
        if (info == null || info.code() != CloseCodes.HEARTBEAT_TIMEOUT) {
            nextEndpoint(); // the broker went away or is going: any other serves this device as well
        }
        scheduleReconnect("closed " + info);
    }

    private void nextEndpoint() {
        endpoint = (endpoint + 1) % endpoints.size();
    }

    private void scheduleReconnect(String detail) {
        Duration delay = config.backoff.delay(Math.min(reconnectAttempt++, 30));
        setState(State.RECONNECTING, detail + "; retry in " + delay.toMillis() + " ms");
        cancel(reconnectTimer);
        try {
            reconnectTimer = loop.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ignored) {
            // closed
        }
    }

    private void fatal(String detail, Throwable error) {
        setState(State.FAILED, detail);
        outbox.failAll(detail);
        if (started != null) {
            started.completeExceptionally(error);
        }
        failWaiters(error);
    }

    private void failWaiters(Throwable error) {
        List<CompletableFuture<Void>> all = new ArrayList<>(onlineWaiters);
        all.addAll(syncWaiters);
        onlineWaiters.clear();
        syncWaiters.clear();
        all.forEach(w -> w.completeExceptionally(error));
    }

    // ---------------------------------------------------------------- incoming

    private void onFrame(int gen, ServerFrame frame) {
        for (Listener l : listeners) {
            try {
                l.onFrame(frame);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "listener failed", e);
            }
        }
        if (frame instanceof MessageFrame m) {
            deliver(inbox.offer(m.message()));
        } else if (frame instanceof ReceiptFrame r) {
            receipts.onReceipt(r);
            each(l -> l.onReceipt(r));
        } else if (frame instanceof GroupReceiptFrame g) {
            receipts.onGroupReceipt(g);
            each(l -> l.onGroupReceipt(g));
        } else if (frame instanceof ErrorFrame e && e.reqId() == null) {
            each(l -> l.onServerError(e));
        }
    }

    private void onOutgoing(OutgoingMessage m) {
        each(l -> l.onOutgoing(m));
        if (m.state() == MessageState.SENT && userId != null && m.conversationId() != null) {
            // This device's own message belongs to its timeline; the server may or may not push it back.
            deliver(inbox.offer(new ChatMessage(m.conversationId(), m.seq(), userId, deviceId, m.clientMsgId(),
                    m.body(), m.serverTime())));
        }
    }

    /** Hands in-order messages to the listeners and acks them (coalesced). */
    private void deliver(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Set<String> touched = new LinkedHashSet<>();
        for (ChatMessage m : messages) {
            each(l -> l.onMessage(m));
            touched.add(m.conversationId());
        }
        for (String conversationId : touched) {
            config.autoAck.shown(acks, conversationId, inbox.contiguous(conversationId));
        }
    }

    // ---------------------------------------------------------------- sync

    private CompletableFuture<Void> runSync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        syncWaiters.add(done);
        if (syncRunning) {
            syncAgain = true;
        } else {
            syncRunning = true;
            syncAgain = false;
            syncRound(generation, 0);
        }
        return done;
    }

    private void syncRound(int gen, int stalls) {
        ChatConnection c = conn;
        if (c == null || gen != generation || closing) {
            syncRunning = false; // the next connection syncs; waiters complete then
            return;
        }
        Map<String, Long> cursors = inbox.cursors();
        c.sync(cursors, config.syncLimit)
                .whenCompleteAsync((result, error) -> onSyncResult(gen, cursors, result, error, stalls), loopExec);
    }

    private void onSyncResult(int gen, Map<String, Long> sent, SyncResult result, Throwable error, int stalls) {
        if (error != null) {
            syncRunning = false;
            Throwable cause = ChatHttpApi.unwrap(error);
            if (closing || gen != generation || conn == null) {
                return; // the next connection syncs
            }
            boolean retryable = !(cause instanceof ChatErrorException ce) || ce.retryable();
            if (retryable && syncRetries < 10) {
                long delay = config.backoff.delay(syncRetries++).toMillis();
                loop.schedule(() -> {
                    if (!syncRunning && gen == generation) {
                        syncRunning = true;
                        syncAgain = false;
                        syncRound(gen, 0);
                    }
                }, delay, TimeUnit.MILLISECONDS);
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "sync failed: " + cause);
            syncRetries = 0;
            List<CompletableFuture<Void>> waiters = new ArrayList<>(syncWaiters);
            syncWaiters.clear();
            waiters.forEach(w -> w.completeExceptionally(cause));
            if (state == State.SYNCING) {
                goOnline(); // live delivery still works; a later gap or reconnect syncs again
            }
            return;
        }
        syncRetries = 0;
        apply(sent, result);
        boolean progress = !inbox.cursors().equals(sent);
        if (!result.caughtUp() && (progress || stalls < MAX_SYNC_STALLS)) {
            syncRound(gen, progress ? 0 : stalls + 1);
            return;
        }
        if (syncAgain) {
            syncAgain = false;
            syncRound(gen, 0);
            return;
        }
        syncRunning = false;
        List<CompletableFuture<Void>> waiters = new ArrayList<>(syncWaiters);
        syncWaiters.clear();
        waiters.forEach(w -> w.complete(null));
        if (state == State.SYNCING && gen == generation) {
            goOnline();
        }
    }

    /**
     * Feeds a sync answer into the inbox. A conversation's first page starts right after the cursor sent, or — when
     * the device had nothing before the member's join — right after the join: the seqs skipped are not this member's.
     */
    private void apply(Map<String, Long> sent, SyncResult result) {
        Set<String> seen = new HashSet<>();
        for (ChatMessage m : result.messages()) {
            if (seen.add(m.conversationId())) {
                long cursor = sent.getOrDefault(m.conversationId(), 0L);
                if (m.seq() > cursor + 1) {
                    deliver(inbox.setStart(m.conversationId(), m.seq() - 1));
                }
            }
            deliver(inbox.offer(m));
        }
    }

    /** Periodic: sync when a gap has lasted longer than gapRepairAfter (at most once per that period and gap). */
    private void checkGaps() {
        if (!config.repairGaps || conn == null || state != State.ONLINE || syncRunning) {
            return;
        }
        long now = System.nanoTime();
        long after = config.gapRepairAfter.toNanos();
        boolean due = false;
        Set<String> gaps = inbox.gaps();
        lastGapSync.keySet().retainAll(gaps);
        for (String conversationId : gaps) {
            Duration age = inbox.gapAge(conversationId).orElse(Duration.ZERO);
            Long last = lastGapSync.get(conversationId);
            if (age.toNanos() > after && (last == null || now - last > after)) {
                lastGapSync.put(conversationId, now);
                due = true;
            }
        }
        if (due) {
            runSync();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void setState(State newState, String detail) {
        state = newState;
        each(l -> l.onState(newState, detail));
    }

    private void each(java.util.function.Consumer<Listener> call) {
        for (Listener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "listener failed", e);
            }
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static final class Config {
        final AutoAck autoAck;
        final Duration ackWindow;
        final boolean syncOnConnect;
        final boolean repairGaps;
        final boolean reconnect;
        final FrameTap frameTap;
        final Backoff backoff;
        final int maxSendAttempts;
        final Duration sendGiveUpAfter;
        final Duration requestTimeout;
        final Duration connectTimeout;
        final Duration gapRepairAfter;
        final Integer syncLimit;
        final HttpClient httpClient;

        Config(Builder b) {
            autoAck = AutoAck.of(b.autoAckDelivered, b.autoAckRead);
            ackWindow = b.ackWindow;
            syncOnConnect = b.syncOnConnect;
            repairGaps = b.repairGaps;
            reconnect = b.reconnect;
            frameTap = b.frameTap;
            backoff = b.backoff;
            maxSendAttempts = b.maxSendAttempts;
            sendGiveUpAfter = b.sendGiveUpAfter;
            requestTimeout = b.requestTimeout;
            connectTimeout = b.connectTimeout;
            gapRepairAfter = b.gapRepairAfter;
            syncLimit = b.syncLimit;
            httpClient = b.httpClient;
        }
    }

    /** Settings of a device; every one has a default. */
    public static final class Builder {
        private final List<URI> endpoints;
        private final String credential;
        private ChatHttpApi api;
        private boolean autoAckDelivered = true;
        private boolean autoAckRead;
        private Duration ackWindow = AckCoalescer.DEFAULT_WINDOW;
        private boolean syncOnConnect = true;
        private boolean repairGaps = true;
        private boolean reconnect = true;
        private FrameTap frameTap = FrameTap.NONE;
        private Backoff backoff = Backoff.defaults();
        private int maxSendAttempts = Outbox.DEFAULT_MAX_ATTEMPTS;
        private Duration sendGiveUpAfter = ResendPolicy.DEFAULT_GIVE_UP_AFTER;
        private Duration requestTimeout = ConnectionOptions.DEFAULT_REQUEST_TIMEOUT;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration gapRepairAfter = Duration.ofSeconds(1);
        private Integer syncLimit;
        private HttpClient httpClient;
        private ConversationInbox inbox;
        private final List<Listener> listeners = new ArrayList<>();

        private Builder(List<URI> endpoints, String credential) {
            if (endpoints == null || endpoints.isEmpty()) {
                throw new IllegalArgumentException("at least one broker URL is required");
            }
            endpoints.forEach(u -> Objects.requireNonNull(u, "ws"));
            this.endpoints = List.copyOf(endpoints);
            this.credential = credential;
        }

        /** Exchange the credential for tokens through this API; without one, the credential itself is the bearer. */
        public Builder api(ChatHttpApi value) {
            this.api = value;
            return this;
        }

        /** Ack delivered up to the contiguous cursor after each delivery (default true). */
        public Builder autoAckDelivered(boolean value) {
            this.autoAckDelivered = value;
            return this;
        }

        /** Also ack read up to the contiguous cursor (default false). */
        /**
         * How long an ack waits for others of its conversation before one frame carries them all (default
         * {@link AckCoalescer#DEFAULT_WINDOW}; zero sends each as soon as no ack of the conversation is in flight).
         */
        public Builder ackWindow(Duration value) {
            this.ackWindow = java.util.Objects.requireNonNull(value);
            return this;
        }

        public Builder autoAckRead(boolean value) {
            this.autoAckRead = value;
            return this;
        }

        /** Sync until caught up on every connect (default true). */
        public Builder syncOnConnect(boolean value) {
            this.syncOnConnect = value;
            return this;
        }

        /** Sync when a gap persists for gapRepairAfter (default true). */
        public Builder repairGaps(boolean value) {
            this.repairGaps = value;
            return this;
        }

        /** Reconnect after unexpected closes (default true; never after 4001). */
        public Builder reconnect(boolean value) {
            this.reconnect = value;
            return this;
        }

        /** Every connection reports its frames to this tap too (tests record them; default none). */
        public Builder frameTap(FrameTap value) {
            this.frameTap = Objects.requireNonNull(value);
            return this;
        }

        /** Backoff of reconnects, resends and ack retries (default 200 ms base, 5 s cap). */
        public Builder backoff(Backoff value) {
            this.backoff = Objects.requireNonNull(value);
            return this;
        }

        /** Frames a message may put on the wire before it is FAILED (default 12). */
        public Builder maxSendAttempts(int value) {
            this.maxSendAttempts = value;
            return this;
        }

        /** How long after its first attempt a message may still be resent (default 60 s). */
        public Builder sendGiveUpAfter(Duration value) {
            this.sendGiveUpAfter = Objects.requireNonNull(value);
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = Objects.requireNonNull(value);
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value);
            return this;
        }

        public Builder gapRepairAfter(Duration value) {
            this.gapRepairAfter = Objects.requireNonNull(value);
            return this;
        }

        /** Page size asked for in sync requests (null: the server's default). */
        public Builder syncLimit(Integer value) {
            this.syncLimit = value;
            return this;
        }

        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
            return this;
        }

        /** Start from an existing inbox (e.g. cursors restored from disk). */
        public Builder inbox(ConversationInbox value) {
            this.inbox = value;
            return this;
        }

        public Builder listener(Listener value) {
            this.listeners.add(Objects.requireNonNull(value));
            return this;
        }

        public ChatDevice build() {
            return new ChatDevice(this);
        }
    }
}
