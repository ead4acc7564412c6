package chat.client;

import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Tracks outgoing messages by clientMsgId through SENDING → SENT(seq) → DELIVERED → READ, or FAILED: the resend
 * state machine.
 *
 * <p>Sending: each message is sent through the {@link Transport}; on a retryable error, a timeout or a lost
 * connection it is sent again, always with the same clientMsgId (the server answers a resend with the original seq),
 * as the {@link ResendPolicy} says: exponential backoff with full jitter, never sooner than a refusal's
 * {@code retryAfterMs}. Only frames the server handled count as attempts: while the transport reports
 * {@link NotConnectedException} the message waits for {@link #onReconnected()}, and a refusal with
 * {@code retryAfterMs} (RATE_LIMITED, or UNAVAILABLE from a broker shedding load) only delays it. A message whose
 * attempts or time ran out, or that the server refused for good, is FAILED; {@link #retry} starts it over.
 *
 * <p>DELIVERED and READ derive from the other members' cumulative cursors, which the {@link ReceiptTracker} keeps;
 * whenever they move, the messages of that conversation move forward.
 *
 * <p>Thread-safe. State-change listeners run on the callback executor, one change at a time, in order; a message that
 * skips states (e.g. SENT straight to READ) is reported once per state passed.
 */
public final class Outbox {
    /** Puts a send frame on the wire and answers with the server's sent frame. */
    @FunctionalInterface
    public interface Transport {
        /** Fails with {@link NotConnectedException} (synchronously or in the future) when there is no connection. */
        CompletableFuture<SentFrame> send(SendFrame frame);
    }

    public static final int DEFAULT_MAX_ATTEMPTS = ResendPolicy.DEFAULT_MAX_ATTEMPTS;
    private static final int PRUNE_ABOVE = 10_000;

    private final Transport transport;
    private final ResendPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final Executor callbacks;
    private final ReceiptTracker receipts;
    private final Map<String, Entry> entries = new LinkedHashMap<>(); // guarded by this
    private final List<Consumer<OutgoingMessage>> listeners = new CopyOnWriteArrayList<>();
    private final SerialRunner events;

    /**
     * @param scheduler runs retry timers
     * @param callbacks runs listener callbacks and completes futures (serially); e.g. a device's event loop
     * @param receipts  the other members' cursors: sent messages follow them to DELIVERED and READ
     */
    public Outbox(Transport transport, Backoff backoff, int maxAttempts, ScheduledExecutorService scheduler,
            Executor callbacks, ReceiptTracker receipts) {
        this(transport, new ResendPolicy(backoff, maxAttempts, ResendPolicy.DEFAULT_GIVE_UP_AFTER), scheduler,
                callbacks, receipts);
    }

    public Outbox(Transport transport, ResendPolicy policy, ScheduledExecutorService scheduler, Executor callbacks,
            ReceiptTracker receipts) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.events = new SerialRunner(this.callbacks);
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        receipts.onMoved(this::onCursorsMoved);
    }

    public void addListener(Consumer<OutgoingMessage> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(Consumer<OutgoingMessage> listener) {
        listeners.remove(listener);
    }

    public int maxAttempts() {
        return policy.maxAttempts();
    }

    public ResendPolicy policy() {
        return policy;
    }

    /**
     * Starts sending a message to a conversation or (exactly one of the two) a peer ("@handle" or user id). The
     * frame is validated now: an invalid one throws {@link chat.model.ChatException}. The future completes when the
     * message is SENT (with that snapshot) or fails with {@link MessageFailedException} when it is FAILED. A
     * clientMsgId already in the outbox returns that message's future (no second message).
     */
    public CompletableFuture<OutgoingMessage> submit(String conversationId, String peer, String clientMsgId,
            String bodyBase64) {
        new SendFrame(null, conversationId, peer, clientMsgId, bodyBase64); // validates
        Entry e;
        synchronized (this) {
            Entry existing = entries.get(clientMsgId);
            if (existing != null) {
                return existing.future;
            }
            prune();
            e = new Entry(clientMsgId, conversationId, peer, bodyBase64);
            entries.put(clientMsgId, e);
            emit(e.snapshot());
        }
        attempt(e);
        return e.future;
    }

    /**
     * Tracks a message a previous run gave up on, as FAILED (nothing is sent): {@link #retry} starts it over with its
     * clientMsgId. Listeners hear of it once, as FAILED. An id already tracked is left as it is.
     */
    public void restoreFailed(OutgoingMessage failed) {
        if (failed.state() != MessageState.FAILED) {
            throw new IllegalArgumentException("not FAILED: " + failed.state());
        }
        new SendFrame(null, failed.peer() == null ? failed.conversationId() : null, failed.peer(),
                failed.clientMsgId(), failed.body()); // validates
        synchronized (this) {
            if (entries.containsKey(failed.clientMsgId())) {
                return;
            }
            prune();
            Entry e = new Entry(failed.clientMsgId(), failed.conversationId(), failed.peer(), failed.body());
            e.attempts = failed.attempts();
            entries.put(e.clientMsgId, e);
            fail(e, failed.failure(), null);
        }
    }

    /** Starts a FAILED message over (attempts reset), with the same clientMsgId. */
    public CompletableFuture<OutgoingMessage> retry(String clientMsgId) {
        Entry e;
        synchronized (this) {
            e = entries.get(clientMsgId);
            if (e == null) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("unknown clientMsgId"));
            }
            if (e.state != MessageState.FAILED) {
                return e.future;
            }
            e.state = MessageState.SENDING;
            e.attempts = 0;
            e.firstAttemptNanos = 0;
            e.failure = null;
            e.future = new CompletableFuture<>();
            emit(e.snapshot());
        }
        attempt(e);
        return e.future;
    }

    public synchronized Optional<OutgoingMessage> get(String clientMsgId) {
        Entry e = entries.get(clientMsgId);
        return e == null ? Optional.empty() : Optional.of(e.snapshot());
    }

    /** Every tracked message, oldest first. */
    public synchronized List<OutgoingMessage> messages() {
        List<OutgoingMessage> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            out.add(e.snapshot());
        }
        return out;
    }

    /** Messages still SENDING. */
    public synchronized int pending() {
        int n = 0;
        for (Entry e : entries.values()) {
            if (e.state == MessageState.SENDING) {
                n++;
            }
        }
        return n;
    }

    /** Forgets a message (e.g. once READ); it is no longer resent. */
    public synchronized void forget(String clientMsgId) {
        Entry e = entries.remove(clientMsgId);
        if (e != null) {
            e.cancelRetry();
        }
    }

    // ---------------------------------------------------------------- inputs

    /** A (new) connection is up: every message still SENDING and not on the wire is sent now. */
    public void onReconnected() {
        List<Entry> due = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries.values()) {
                if (e.state == MessageState.SENDING && !e.inFlight) {
                    e.cancelRetry();
                    due.add(e);
                }
            }
        }
        due.forEach(this::attempt);
    }

    /** Gives up on every message still SENDING (e.g. the device was displaced or closed). */
    public void failAll(String reason) {
        synchronized (this) {
            for (Entry e : entries.values()) {
                if (e.state == MessageState.SENDING) {
                    e.cancelRetry();
                    fail(e, reason, null);
                }
            }
        }
    }

    // ---------------------------------------------------------------- sending

    private void attempt(Entry e) {
        SendFrame frame;
        synchronized (this) {
            if (e.state != MessageState.SENDING || e.inFlight) {
                return;
            }
            e.cancelRetry();
            e.inFlight = true;
            e.attempts++;
            if (e.firstAttemptNanos == 0) {
                e.firstAttemptNanos = System.nanoTime();
            }
            frame = new SendFrame(null, e.conversationId != null && e.peer == null ? e.conversationId : null,
                    e.peer, e.clientMsgId, e.body);
        }
        CompletableFuture<SentFrame> answer;
        try {
            answer = transport.send(frame);
        } catch (RuntimeException ex) {
            answer = CompletableFuture.failedFuture(ex);
        }
        answer.whenComplete((sent, error) -> {
            if (error == null) {
                onSent(e, sent);
            } else {
                onFailure(e, ChatHttpApi.unwrap(error));
            }
        });
    }

    private synchronized void onSent(Entry e, SentFrame sent) {
        e.inFlight = false;
        if (e.state != MessageState.SENDING) {
            return; // e.g. failAll raced with the answer; the message keeps its final state
        }
        e.conversationId = sent.conversationId();
        e.seq = sent.seq();
        e.serverTime = sent.serverTime();
        e.duplicate = sent.duplicate();
        e.state = MessageState.SENT;
        OutgoingMessage snapshot = e.snapshot();
        emit(snapshot);
        CompletableFuture<OutgoingMessage> future = e.future;
        events.run(() -> future.complete(snapshot));
        advance(e);
    }

    private synchronized void onFailure(Entry e, Throwable error) {
        e.inFlight = false;
        if (e.state != MessageState.SENDING) {
            return;
        }
        if (error instanceof NotConnectedException) {
            e.attempts--; // never reached the wire; onReconnected() sends it
            e.failure = error.getMessage();
            return;
        }
        e.failure = describe(error);
        boolean retryable = !(error instanceof ChatErrorException ce) || ce.retryable();
        if (error instanceof chat.model.ChatException || error instanceof IllegalArgumentException) {
            retryable = false; // the frame itself is wrong: resending cannot help
        }
        if (error instanceof EndToEndException ee) {
            retryable = ee.retryable(); // e.g. this device is not approved yet: the user must act
        }
        Duration notBefore = Retrier.notBefore(error);
        if (!notBefore.isZero()) {
            e.attempts--; // refused unhandled (rate limit, or a broker shedding load): it only has to wait
        }
        Optional<Duration> delay = retryable ? policy.next(Math.max(1, e.attempts),
                Duration.ofNanos(System.nanoTime() - e.firstAttemptNanos), notBefore) : Optional.empty();
        if (delay.isEmpty()) {
            fail(e, e.failure, error);
            return;
        }
        e.retry = scheduler.schedule(() -> attempt(e), delay.get().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fail(Entry e, String reason, Throwable cause) {
        // holds the lock
        e.state = MessageState.FAILED;
        e.failure = reason;
        OutgoingMessage snapshot = e.snapshot();
        emit(snapshot);
        CompletableFuture<OutgoingMessage> future = e.future;
        events.run(() -> future.completeExceptionally(new MessageFailedException(snapshot, cause)));
    }

    private static String describe(Throwable error) {
        if (error instanceof ChatErrorException ce) {
            return ce.code() + ": " + ce.frame().message();
        }
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    // ---------------------------------------------------------------- receipts

    /** The members' cursors in a conversation moved: its stored messages may move forward. */
    private synchronized void onCursorsMoved(String conversationId) {
        for (Entry e : entries.values()) {
            if (conversationId.equals(e.conversationId) && e.state.stored()) {
                advance(e);
            }
        }
    }

    /** Holds the lock: moves a stored message forward as far as the members' cursors allow, one state at a time. */
    private void advance(Entry e) {
        if (!e.state.stored()) {
            return;
        }
        Optional<ReceiptTracker.Cursors> reached = receipts.reached(e.conversationId);
        if (reached.isEmpty()) {
            return;
        }
        long delivered = reached.get().delivered();
        long read = reached.get().read();
        if (e.state == MessageState.SENT && delivered >= e.seq) {
            e.state = MessageState.DELIVERED;
            emit(e.snapshot());
        }
        if (e.state == MessageState.DELIVERED && read >= e.seq) {
            e.state = MessageState.READ;
            emit(e.snapshot());
        }
    }

    /** Holds the lock: queues a state change for the listeners (they run in order, outside the lock). */
    private void emit(OutgoingMessage snapshot) {
        events.run(() -> {
            for (Consumer<OutgoingMessage> l : listeners) {
                try {
                    l.accept(snapshot);
                } catch (RuntimeException ex) {
                    System.getLogger(Outbox.class.getName())
                            .log(System.Logger.Level.WARNING, "outbox listener failed", ex);
                }
            }
        });
    }

    /** Holds the lock: keeps the map bounded by dropping the oldest READ messages. */
    private void prune() {
        if (entries.size() < PRUNE_ABOVE) {
            return;
        }
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && entries.size() >= PRUNE_ABOVE / 2; ) {
            if (it.next().state == MessageState.READ) {
                it.remove();
            }
        }
    }

    private static final class Entry {
        final String clientMsgId;
        final String peer;
        final String body;
        String conversationId;
        MessageState state = MessageState.SENDING;
        long seq;
        long serverTime;
        int attempts;
        long firstAttemptNanos;
        boolean duplicate;
        boolean inFlight;
        String failure;
        ScheduledFuture<?> retry;
        CompletableFuture<OutgoingMessage> future = new CompletableFuture<>();

        Entry(String clientMsgId, String conversationId, String peer, String body) {
            this.clientMsgId = clientMsgId;
            this.conversationId = conversationId;
            this.peer = peer;
            this.body = body;
        }

        void cancelRetry() {
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
        }

        OutgoingMessage snapshot() {
            return new OutgoingMessage(clientMsgId, conversationId, peer, body, state, seq, serverTime, attempts,
                    duplicate, failure);
        }
    }
}
