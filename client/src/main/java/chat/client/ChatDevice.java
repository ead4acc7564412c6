package chat.client;

import chat.model.Ids;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.EnvelopesSentFrame;
import chat.model.frames.OutgoingEnvelope;
import chat.model.frames.SendEnvelopesFrame;
import chat.model.frames.ErrorFrame;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.HelloFrame;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.ChatMessage;
import chat.model.frames.ReceiptFrame;
import chat.model.frames.ServerFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import chat.model.frames.SendFrame;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The high-level client of one device: what the CLI and the end-to-end tests use.
 *
 * <p>It holds the device credential, gets short-lived tokens from the REST API (or, without an API, presents the
 * credential itself), connects, and on every connect runs delta sync with the inbox's cursors until caught up. Live
 * messages and sync pages go through the {@link ConversationInbox}, so {@link Listener#onMessage} sees each message
 * exactly once and in seq order per conversation — the device's own sent messages included (they are added when the
 * server answers SENT). It acks delivered cumulatively, optionally read as well (one frame carries both), coalesced
 * per conversation over {@link ChatDeviceBuilder#ackWindow} with one ack in flight at most ({@link AckCoalescer}).
 * After an unexpected close it reconnects with backoff and full jitter — not after 4001 (displaced). When a gap (a
 * live message ahead of the contiguous cursor) lasts longer than {@code gapRepairAfter}, it syncs.
 *
 * <p>This class is the facade; the work is done by {@link DeviceSession} (connection lifecycle, with
 * {@link Failover} and {@link TokenCache}), {@link SyncRounds}, {@link GapRepair}, {@link Delivery} (everything
 * received), {@link Outbox} and {@link ReceiptTracker} (everything sent), {@link AckCoalescer}. The device owns its
 * threads ({@link ClientExecutors}) and stops them when it closes.
 *
 * <p>All state changes and listener calls happen on the device's single event thread, in order. Listeners must not
 * block it.
 */
public final class ChatDevice implements AutoCloseable {
    /** How long close() waits for the closing handshake before it drops the connection. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(ChatDevice.class.getName());


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

        /**
         * An envelope from this device's inbox, each exactly once, in inbox seq order (so in order per sending
         * device). When this returns (for every listener) the envelope counts as processed: the cursor is stored and
         * the envelope acked, and the server deletes it; a listener that throws does not stop that.
         */
        default void onEnvelope(ReceivedEnvelope envelope) {
        }

        /**
         * A message this device could not open (end-to-end encryption on): {@code waiting} ones reach
         * {@link #onMessage} when their sender's key arrives; the others show as "couldn't decrypt".
         */
        default void onUndecryptable(UndecryptableMessage message) {
        }

        /**
         * This device was approved by {@code approverDeviceId}: it holds the account identity and its keys are
         * published.
         */
        default void onLinked(String approverDeviceId) {
        }

        /** A member device could not be given this device's key for what was just sent (e.g. a changed identity). */
        default void onKeyNotice(KeyNotice notice) {
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

    private final ClientExecutors executors;
    private final ConversationInbox inbox;
    private final ReceiptTracker receipts;
    private final Outbox outbox;
    private final AckCoalescer acks;
    private final DeviceListeners listeners;
    private final DeviceSession session;
    private final DeviceJournal journal;
    private final EnvelopeInbox envelopes;
    /** Null without end-to-end encryption. */
    private final EndToEnd endToEnd;
    private final Delivery delivery;
    private final AtomicBoolean pendingResent = new AtomicBoolean();
    private final DeviceConfig config;
    /** Set when close() begins: SENDING messages failed from then on stay pending in the store. */
    private volatile boolean ending;

    ChatDevice(DeviceConfig config) {
        DeviceIdentity identity = DeviceIdentity.of(config.credential());
        this.journal = DeviceJournal.of(config.store(), () -> identityOr(identity), this::endingForStore);
        journal.bind(); // with a dc1 credential a store of another user is refused here, before any thread starts
        this.executors = ClientExecutors.forDevice(identity.deviceId() != null ? identity.deviceId() : "?");
        ScheduledExecutorService loop = executors.scheduler();
        Executor loopExec = task -> {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                task.run(); // closed: handlers only clean up
            }
        };
        this.inbox = config.inbox() != null ? config.inbox()
                : journal.enabled() ? ConversationInbox.withCursors(journal.cursors()) : new ConversationInbox();
        this.receipts = new ReceiptTracker(identity.userId());
        this.outbox = new Outbox(this::sendFrame, new ResendPolicy(config.backoff(), config.maxSendAttempts(), config.sendGiveUpAfter()), loop, loopExec,
                receipts);
        this.acks = new AckCoalescer((conversationId, delivered, read) -> {
            ChatConnection c = openConnection();
            return c == null ? CompletableFuture.failedFuture(new NotConnectedException("not connected"))
                    : c.ack(conversationId, delivered, read).thenApply(acked -> {
                        journal.acked(acked.conversationId(), acked.delivered(), acked.read());
                        return acked;
                    });
        }, config.backoff(), AckCoalescer.Timer.of(loop), config.ackWindow());
        this.listeners = new DeviceListeners(config.listeners());
        this.envelopes = new EnvelopeInbox(this::openConnection, journal, listeners, this::envelopeArrived,
                loop, config.syncLimit());
        this.delivery = new Delivery(inbox, receipts, acks, config.autoAck(), listeners,
                this::identity, journal, envelopes);
        this.endToEnd = config.keyStore() == null ? null : new EndToEnd(config.keyStore(),
                new KeysApi(config.api()), new DeviceWire(), this::identity, outbox::get, listeners,
                config.rotation(), java.time.Clock.systemUTC(), new java.security.SecureRandom(), config.requestTimeout(),
                new EndToEnd.Tasks() {
                    @Override
                    public void onCrypto(Runnable task) {
                        try {
                            executors.crypto().execute(task);
                        } catch (RejectedExecutionException closed) {
                            // closing: what was to be asked is asked again after the next start
                        }
                    }

                    @Override
                    public void onEvents(Runnable task) {
                        loopExec.execute(task);
                    }

                    @Override
                    public void onCryptoAfter(java.time.Duration delay, Runnable task) {
                        try {
                            loop.schedule(() -> onCrypto(task), delay.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (RejectedExecutionException closed) {
                            // as above
                        }
                    }
                });
        if (endToEnd != null) {
            delivery.encryptWith(endToEnd, () -> executors.crypto().execute(endToEnd::onConnected));
            listeners.add(new Listener() {
                @Override
                public void onState(State state, String detail) {
                    if (state == State.ONLINE) {
                        executors.crypto().execute(() -> {
                            endToEnd.onConnected();
                            List<UndecryptableMessage> expired = endToEnd.expireParked();
                            endToEnd.requestLateKeys();
                            loopExec.execute(() -> delivery.expired(expired));
                        });
                    }
                }
            });
        }
        this.outbox.addListener(delivery::onOutgoing);
        this.config = config;
        this.session = new DeviceSession(config, executors, loopExec, identity, inbox, outbox, acks, listeners,
                delivery, envelopes);
    }

    /** The outbox's transport: with end-to-end encryption, the body is sealed on the crypto thread first. */
    private CompletableFuture<chat.model.frames.SentFrame> sendFrame(SendFrame frame) {
        ChatConnection c = openConnection();
        if (c == null) {
            return CompletableFuture.failedFuture(new NotConnectedException("not connected"));
        }
        if (endToEnd == null) {
            return c.send(frame);
        }
        return CompletableFuture.supplyAsync(() -> endToEnd.seal(frame), executors.crypto()).thenCompose(sealed -> {
            ChatConnection now = openConnection();
            return now == null ? CompletableFuture.failedFuture(new NotConnectedException("not connected"))
                    : now.send(sealed);
        });
    }

    /** What end-to-end encryption needs of this device: its connection, tokens and the user directory. */
    private final class DeviceWire implements EndToEnd.Wire {
        @Override
        public CompletableFuture<EnvelopesSentFrame> sendEnvelopes(List<OutgoingEnvelope> list) {
            return ChatDevice.this.sendEnvelopes(list);
        }

        @Override
        public CompletableFuture<chat.model.frames.MemberListFrame> members(String conversationId) {
            ChatConnection c = openConnection();
            return c == null ? CompletableFuture.failedFuture(new NotConnectedException("not connected"))
                    : c.request(new chat.model.frames.MembersFrame(c.newReqId(), conversationId),
                            chat.model.frames.MemberListFrame.class);
        }

        @Override
        public String bearer() {
            return session.bearer().join();
        }

        @Override
        public String userIdOf(String handle) {
            return config().api().user(handle, bearer()).userId();
        }
    }

    private void envelopeArrived(ReceivedEnvelope e) {
        delivery.onEnvelope(e);
    }

    private DeviceConfig config() {
        return config;
    }

    /** The open connection or null (a method: the outbox and acks are built before the session). */
    private ChatConnection openConnection() {
        return session.open();
    }

    /** Before the session exists (while building), the identity the credential names. */
    private DeviceIdentity identityOr(DeviceIdentity initial) {
        return session == null ? initial : session.identity();
    }

    /** The device will not send again in this process: closing, displaced, or its credential refused. */
    private boolean endingForStore() {
        return ending || session == null || session.state().terminal();
    }

    private DeviceIdentity identity() {
        return session.identity();
    }

    public static ChatDeviceBuilder builder(URI ws, String credential) {
        return new ChatDeviceBuilder(List.of(ws), credential);
    }

    /**
     * A device that fails over along several brokers: it connects to the first, and after a connection failure or
     * an unexpected close it moves on to the next (any broker serves any device).
     */
    public static ChatDeviceBuilder builder(List<URI> brokers, String credential) {
        return new ChatDeviceBuilder(brokers, credential);
    }

    /**
     * Connects for the first time and (unless disabled) syncs until caught up. Completes with the hello frame once
     * ONLINE; fails if the first connection fails (bad credential, unreachable broker). Idempotent.
     */
    public CompletableFuture<HelloFrame> start() {
        resendPending();
        return session.start();
    }

    /**
     * Sends left SENDING by a previous run go out again, with their clientMsgIds, once a connection is up; FAILED ones
     * are back in the outbox as FAILED, for {@link #retry} (a message given up on is not sent behind the user's back).
     */
    private void resendPending() {
        if (!pendingResent.compareAndSet(false, true)) {
            return;
        }
        for (OutgoingMessage m : journal.pendingSends()) {
            try {
                if (m.state() == MessageState.FAILED) {
                    outbox.restoreFailed(m);
                    continue;
                }
                outbox.submit(m.peer() == null ? m.conversationId() : null, m.peer(), m.clientMsgId(), m.body());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stored send " + m.clientMsgId() + " cannot be sent", e);
            }
        }
    }

    public State state() {
        return session.state();
    }

    /** From the credential, or from the hello frame. */
    public String userId() {
        return session.identity().userId();
    }

    public String deviceId() {
        return session.identity().deviceId();
    }

    /** The current connection's hello frame. */
    public Optional<HelloFrame> hello() {
        return session.hello();
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
        return Optional.ofNullable(session.current());
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
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
        boolean conversation = Ids.CONVERSATION_ID.matcher(target).matches();
        new SendFrame(null, conversation ? target : null, conversation ? null : target, clientMsgId, b64); // validates
        journal.queued(clientMsgId, conversation ? target : null, conversation ? null : target, b64); // durable first
        CompletableFuture<OutgoingMessage> sent = conversation
                ? outbox.submit(target, null, clientMsgId, b64)
                : outbox.submit(null, target, clientMsgId, b64);
        State now = session.state();
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

    /**
     * Approves the new device of this account that shows {@code code} (end-to-end encryption on): hands it the
     * account identity key, sealed to the code's key, through its inbox. Completes once the server stored it; fails
     * with {@link EndToEndException} ({@code NOT_APPROVED}) when this device holds no identity itself, and with a
     * {@link chat.model.ChatException} ({@code UNKNOWN_DEVICE}) when the code names no device of the account.
     */
    public CompletableFuture<Void> approve(LinkCode code) {
        if (endToEnd == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("end-to-end encryption is off"));
        }
        return CompletableFuture.runAsync(() -> endToEnd.approve(code), executors.crypto());
    }

    /** Runs a sync (until caught up) now; completes when it is done. */
    public CompletableFuture<Void> syncNow() {
        return session.syncNow();
    }

    /**
     * Stores 1 to 100 envelopes, each in its recipient device's inbox (no encryption here: the bodies are what the
     * end-to-end layer made). The answer has one result per envelope, in order: stored, duplicate (an earlier call
     * with the same envelopeId to the same device stored it) or refused with a code. Resend with the same
     * envelopeIds after a failure or a retryable refusal.
     */
    public CompletableFuture<EnvelopesSentFrame> sendEnvelopes(List<OutgoingEnvelope> envelopes) {
        ChatConnection c = session.open();
        if (c == null) {
            return CompletableFuture.failedFuture(new NotConnectedException("not connected"));
        }
        SendEnvelopesFrame frame;
        try {
            frame = new SendEnvelopesFrame(c.newReqId(), envelopes);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return c.request(frame, EnvelopesSentFrame.class);
    }

    /** The highest inbox seq handed to {@link Listener#onEnvelope} (persisted with a store). */
    public long envelopeCursor() {
        return envelopes.processed();
    }

    /** The conversation list; its peer cursors also update the outgoing messages' states. */
    public CompletableFuture<ConversationListFrame> conversations() {
        ChatConnection c = session.current();
        if (c == null) {
            return CompletableFuture.failedFuture(new NotConnectedException("not connected"));
        }
        return c.conversations().thenApply(list -> {
            receipts.onConversationList(list);
            journal.conversationList(list);
            return list;
        });
    }

    public CompletableFuture<HistoryPageFrame> history(String conversationId, Long beforeSeq, Integer limit) {
        ChatConnection c = session.current();
        if (c == null) {
            return CompletableFuture.failedFuture(new NotConnectedException("not connected"));
        }
        return c.history(conversationId, beforeSeq, limit);
    }

    /** Completes when the device is (next) ONLINE: connected and caught up. */
    public CompletableFuture<Void> awaitOnline() {
        return session.awaitOnline();
    }

    /** Drops the current connection without a close handshake, as a network failure would (for tests). */
    public void dropConnection() {
        ChatConnection c = session.current();
        if (c != null) {
            c.abort();
        }
    }

    /**
     * Closes the connection (waiting briefly for the closing handshake, then dropping it) and stops; SENDING messages
     * fail. Then the device's threads stop in order: connection events drain, then the event loop and its timers.
     */
    @Override
    public void close() {
        ending = true;
        CompletableFuture<CloseInfo> closed = session.close();
        if (closed == null) {
            return;
        }
        if (executors.isOwnThread()) {
            // Waiting here would wait for this very thread: stop the threads once the connection has ended.
            closed.orTimeout(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((info, e) -> {
                if (e != null) {
                    session.abortClosing();
                }
                executors.shutdown();
            });
            return;
        }
        try {
            closed.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.abortClosing();
        } catch (Exception e) {
            session.abortClosing(); // no closing handshake in time
        }
        executors.shutdown();
    }
}
