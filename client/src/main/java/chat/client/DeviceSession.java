package chat.client;

import chat.model.ErrorCode;
import chat.model.frames.HelloFrame;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A device's connection lifecycle: connect (token, upgrade, hello), sync on every connect (the envelope inbox too), go ONLINE, and after an
 * unexpected close reconnect through the {@link Failover} — or end DISPLACED, CLOSED or FAILED. Each connection gets
 * a generation; whatever an older one reports is ignored. State changes happen on the device's event thread.
 */
final class DeviceSession implements SyncRounds.Session {
    private final DeviceConfig config;
    private final ClientExecutors executors;
    private final ScheduledExecutorService loop;
    private final Executor loopExec;
    private final TokenCache tokens;
    private final Failover failover;
    private final Outbox outbox;
    private final AckCoalescer acks;
    private final DeviceListeners listeners;
    private final Delivery delivery;
    private final SyncRounds sync;
    private final GapRepair gaps;
    private final EnvelopeInbox envelopes;

    private volatile DeviceIdentity identity;
    private volatile ChatConnection conn;
    private volatile ChatDevice.State state = ChatDevice.State.NEW;
    private volatile HelloFrame hello;
    private volatile boolean closing;
    /** The connection close() is ending, so that a close that takes too long can be cut short. */
    private volatile ChatConnection closingConn;

    // Confined to the event thread.
    private int generation;
    private final List<CompletableFuture<Void>> onlineWaiters = new ArrayList<>();
    private ScheduledFuture<?> reconnectTimer;
    private CompletableFuture<HelloFrame> started; // guarded by this

    /**
     * @param loopExec runs on the device's event thread (the scheduler's), or inline once it is shut down
     */
    DeviceSession(DeviceConfig config, ClientExecutors executors, Executor loopExec, DeviceIdentity identity,
            ConversationInbox inbox, Outbox outbox, AckCoalescer acks, DeviceListeners listeners, Delivery delivery,
            EnvelopeInbox envelopes) {
        this.envelopes = envelopes;
        this.config = config;
        this.executors = executors;
        this.loop = executors.scheduler();
        this.loopExec = loopExec;
        this.identity = identity;
        this.tokens = new TokenCache(config.api(), config.credential(), loopExec);
        this.failover = new Failover(config.endpoints(), config.backoff());
        this.outbox = outbox;
        this.acks = acks;
        this.listeners = listeners;
        this.delivery = delivery;
        this.sync = new SyncRounds(this, inbox, delivery, config.backoff(), config.syncLimit(), loop, loopExec);
        this.gaps = new GapRepair(inbox, config.gapRepairAfter(),
                () -> config.repairGaps() && conn != null && state == ChatDevice.State.ONLINE && !sync.running(),
                sync::run);
    }

    synchronized CompletableFuture<HelloFrame> start() {
        if (started != null) {
            return started;
        }
        started = new CompletableFuture<>();
        loopExec.execute(() -> {
            setState(ChatDevice.State.CONNECTING, failover.current().toString());
            connect();
        });
        gaps.start(loop);
        return started;
    }

    ChatDevice.State state() {
        return state;
    }

    DeviceIdentity identity() {
        return identity;
    }

    Optional<HelloFrame> hello() {
        return Optional.ofNullable(hello);
    }

    /** The current connection, if any (it may be closing). */
    ChatConnection current() {
        return conn;
    }

    /** The current connection if it is open, else null. */
    ChatConnection open() {
        ChatConnection c = conn;
        return c != null && c.isOpen() ? c : null;
    }

    CompletableFuture<Void> syncNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loopExec.execute(() -> sync.run().whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        }));
        return done;
    }

    CompletableFuture<Void> awaitOnline() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loopExec.execute(() -> {
            if (state == ChatDevice.State.ONLINE) {
                f.complete(null);
            } else if (state.terminal()) {
                f.completeExceptionally(new IllegalStateException("device is " + state));
            } else {
                onlineWaiters.add(f);
            }
        });
        return f;
    }

    /**
     * Stops: no more reconnects or gap repairs, pending acks leave, the connection closes (the result completes when it
     * has), SENDING messages and waiters fail. Null if close was called before.
     */
    CompletableFuture<CloseInfo> close() {
        if (closing) {
            return null;
        }
        closing = true;
        CompletableFuture<CloseInfo> closedConn = new CompletableFuture<>();
        loopExec.execute(() -> {
            cancel(reconnectTimer);
            gaps.stop();
            acks.flush(); // what a window still holds leaves before the close frame
            envelopes.flush();
            ChatConnection c = conn;
            conn = null;
            if (c != null) {
                closingConn = c;
                c.close(1000, "device closed").whenComplete((ci, e) -> closedConn.complete(ci));
            } else {
                closedConn.complete(null);
            }
            outbox.failAll("device closed");
            synchronized (this) {
                if (started != null) {
                    started.completeExceptionally(new IllegalStateException("device closed"));
                }
            }
            failWaiters(new IllegalStateException("device closed"));
            setState(ChatDevice.State.CLOSED, "closed by client");
        });
        return closedConn;
    }

    /** The closing handshake took too long: drop the connection. */
    void abortClosing() {
        ChatConnection c = closingConn;
        if (c != null) {
            c.abort();
        }
    }

    // ---------------------------------------------------------------- SyncRounds.Session

    @Override
    public int generation() {
        return generation;
    }

    @Override
    public ChatConnection connection(int gen) {
        ChatConnection c = conn;
        return c == null || gen != generation || closing ? null : c;
    }

    @Override
    public void settled(int gen) {
        if (state == ChatDevice.State.SYNCING && gen == generation) {
            goOnline();
        }
    }

    // ---------------------------------------------------------------- connecting

    private void connect() {
        if (closing || state.terminal()) {
            return;
        }
        int gen = ++generation;
        URI ws = failover.current();
        ConnectionOptions options = ConnectionOptions.defaults()
                .withTap(config.frameTap())
                .withRequestTimeout(config.requestTimeout())
                .withHttpClient(config.httpClient())
                .withListener(frame -> loopExec.execute(() -> delivery.onFrame(frame)));
        Duration timeout = config.connectTimeout();
        tokens.bearer()
                .thenCompose(bearer -> ChatConnection.open(ws, bearer, timeout, options, executors))
                .thenCompose(c -> c.hello().copy()
                        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
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

    /** A bearer for the REST API: a cached or fresh token, or the credential itself without an API. */
    CompletableFuture<String> bearer() {
        return tokens.bearer();
    }

    private record Opened(ChatConnection connection, HelloFrame hello) {
    }

    private void onConnected(int gen, ChatConnection c, HelloFrame h) {
        if (closing || gen != generation) {
            c.close();
            return;
        }
        conn = c;
        hello = h;
        failover.connected();
        identity = identity.orElse(h.userId(), h.deviceId());
        c.closed().whenCompleteAsync((info, e) -> onClosed(gen, info), loopExec);
        outbox.onReconnected();
        acks.flush();
        envelopes.sync(); // what arrived while offline, and any envelope whose live push was lost
        if (config.syncOnConnect()) {
            setState(ChatDevice.State.SYNCING, "connection " + h.connectionId());
            sync.run();
        } else {
            goOnline();
        }
    }

    private void goOnline() {
        setState(ChatDevice.State.ONLINE, hello == null ? "" : "connection " + hello.connectionId());
        failover.online();
        synchronized (this) {
            if (started != null) {
                started.complete(hello);
            }
        }
        List<CompletableFuture<Void>> waiters = new ArrayList<>(onlineWaiters);
        onlineWaiters.clear();
        waiters.forEach(w -> w.complete(null));
    }

    private void onConnectFailed(int gen, Throwable error) {
        if (closing || gen != generation) {
            return;
        }
        if (error instanceof ChatConnectException e && e.httpStatus() == 401) {
            tokens.invalidate(); // a fresh token may be accepted
        }
        Optional<String> giveUp = failover.connectFailed(error, tokens.refreshable());
        if (giveUp.isPresent()) {
            fatal(giveUp.get(), error);
        } else {
            scheduleReconnect(error.getMessage());
        }
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
            setState(ChatDevice.State.DISPLACED, "closed " + info);
            outbox.failAll("displaced: another connection of this device took over");
            failWaiters(new IllegalStateException("device displaced"));
            return;
        }
        if (info != null && info.deviceRemoved()) {
            fatal("device removed: " + info, new IllegalStateException("device removed; log in again"));
            return;
        }
        if (!config.reconnect()) {
            setState(ChatDevice.State.CLOSED, "closed " + info);
            outbox.failAll("connection closed: " + info);
            failWaiters(new IllegalStateException("connection closed: " + info));
            return;
        }
        failover.closed(info);
        scheduleReconnect("closed " + info);
    }

    private void scheduleReconnect(String detail) {
        Duration delay = failover.nextDelay();
        setState(ChatDevice.State.RECONNECTING, detail + "; retry in " + delay.toMillis() + " ms");
        cancel(reconnectTimer);
        try {
            reconnectTimer = loop.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ignored) {
            // closed
        }
    }

    private void fatal(String detail, Throwable error) {
        setState(ChatDevice.State.FAILED, detail);
        outbox.failAll(detail);
        synchronized (this) {
            if (started != null) {
                started.completeExceptionally(error);
            }
        }
        failWaiters(error);
    }

    private void failWaiters(Throwable error) {
        List<CompletableFuture<Void>> all = new ArrayList<>(onlineWaiters);
        onlineWaiters.clear();
        all.forEach(w -> w.completeExceptionally(error));
        sync.failWaiters(error);
    }

    private void setState(ChatDevice.State newState, String detail) {
        state = newState;
        listeners.each(l -> l.onState(newState, detail));
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
