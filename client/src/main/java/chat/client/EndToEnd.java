package chat.client;

import chat.e2ee.group.OwnSenderKey;
import chat.e2ee.linking.AccountProvision;
import chat.e2ee.messaging.ConversationCrypto;
import chat.e2ee.messaging.SenderKeyRotation;
import chat.e2ee.session.Address;
import chat.e2ee.session.CiphertextMessage;
import chat.e2ee.session.Decryption;
import chat.e2ee.session.Failure;
import chat.model.ChatException;
import chat.model.Ids;
import chat.model.frames.ChatMessage;
import chat.model.frames.EnvelopeKind;
import chat.model.frames.EnvelopeResult;
import chat.model.frames.EnvelopeSuite;
import chat.model.frames.EnvelopesSentFrame;
import chat.model.frames.GroupAction;
import chat.model.frames.MemberListFrame;
import chat.model.frames.MemberView;
import chat.model.frames.OutgoingEnvelope;
import chat.model.frames.SendFrame;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A device's end-to-end encryption (docs/e2ee.md): every message it sends is sealed with its Sender Key for the
 * conversation, the key first sent over pairwise sessions to each member device that lacks it; every message it
 * receives is opened, or parked until its sender's key arrives (at most {@link #WAIT_FOR_KEY}). Sealing runs on the
 * device's crypto thread and blocks there (key directory, members, envelopes); opening runs on the event thread and
 * is local.
 */
final class EndToEnd {
    /** How long a message waits for its sender's Sender Key before it counts as undecryptable. */
    static final Duration WAIT_FOR_KEY = Duration.ofDays(7);
    private static final int ENVELOPES_PER_FRAME = 100;
    private static final System.Logger LOG = System.getLogger(EndToEnd.class.getName());

    /** What sealing needs of the device's connection and API. */
    interface Wire {
        CompletableFuture<EnvelopesSentFrame> sendEnvelopes(List<OutgoingEnvelope> envelopes);

        CompletableFuture<MemberListFrame> members(String conversationId);

        /** A bearer for the REST API (a fresh token or the credential). */
        String bearer();

        /** The user id of {@code @handle}. */
        String userIdOf(String handle);
    }

    /**
     * Where work that must not run on the caller's thread goes: the device's crypto thread, now or later, and the
     * event thread, on which every listener is called.
     */
    interface Tasks {
        void onCrypto(Runnable task);

        void onCryptoAfter(Duration delay, Runnable task);

        void onEvents(Runnable task);
    }

    /** What opening a received message gave. */
    sealed interface Opened {
        record Readable(ChatMessage message) implements Opened {
        }

        record Unreadable(UndecryptableMessage message) implements Opened {
        }
    }

    private final KeyStore store;
    private final DeviceKeys keys;
    private final DeviceLinking linking;
    private final KeyDirectory directory;
    private final AccountDeviceList deviceList;
    private final Wire wire;
    private final Supplier<DeviceIdentity> identity;
    private final Function<String, Optional<OutgoingMessage>> ownSends;
    private final DeviceListeners listeners;
    private final SenderKeyRotation rotation;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration requestTimeout;
    private final Tasks tasks;
    private final KeyRecovery recovery;
    private final Map<String, List<String>> members = new HashMap<>(); // guarded by this
    private ConversationCrypto crypto; // guarded by this
    /** The device that approved this one, until this device's keys are published. */
    private volatile String linkedBy;

    EndToEnd(KeyStore store, KeysApi api, Wire wire, Supplier<DeviceIdentity> identity,
            Function<String, Optional<OutgoingMessage>> ownSends, DeviceListeners listeners,
            SenderKeyRotation rotation, Clock clock, SecureRandom random, Duration requestTimeout, Tasks tasks) {
        this.store = store;
        this.keys = new DeviceKeys(store, api, random, clock);
        this.linking = new DeviceLinking(store, identity, random);
        this.directory = new KeyDirectory(api, wire::bearer, store, () -> identity.get().userId(), clock);
        this.deviceList = new AccountDeviceList(store, api, random, clock);
        this.wire = wire;
        this.identity = identity;
        this.ownSends = ownSends;
        this.listeners = listeners;
        this.rotation = rotation;
        this.clock = clock;
        this.random = random;
        this.requestTimeout = requestTimeout;
        this.tasks = tasks;
        this.recovery = new KeyRecovery(this::crypto, store, this::sendEnvelopes,
                () -> directory.devices(identity.get().userId()), clock);
    }

    private synchronized ConversationCrypto crypto() {
        if (crypto == null) {
            DeviceIdentity me = identity.get();
            crypto = new ConversationCrypto(new Address(me.userId(), me.deviceId()), store, store, store, directory,
                    random);
        }
        return crypto;
    }

    private Address self() {
        DeviceIdentity me = identity.get();
        return new Address(me.userId(), me.deviceId());
    }

    // ------------------------------------------------------------------ crypto thread

    /** After each connect: this device's keys published and topped up; messages whose key never came given up. */
    void onConnected() {
        DeviceKeys.Status status;
        try {
            status = keys.ensurePublished(wire.bearer(), self().userId());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "publishing this device's keys failed: " + e.getMessage());
            return;
        }
        if (status == DeviceKeys.Status.READY) {
            try {
                deviceList.ensureExists(wire.bearer(), self().userId(), self().deviceId());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "publishing the account's device list failed: "
                        + e.getMessage());
            }
        }
        String approver = linkedBy;
        // NOT_APPROVED: a publish that began before the approval arrived; the one queued after it tells.
        if (approver != null && status == DeviceKeys.Status.READY) {
            linkedBy = null;
            // told once its keys are up, so others can write to it
            tasks.onEvents(() -> listeners.each(l -> l.onLinked(approver)));
        }
    }

    /**
     * Approves the new device that shows {@code code}: hands it the account identity key, then adds it to the
     * account's signed device list, so that other devices give it keys (crypto thread). After the envelope, because
     * the server refusing it is what tells that the code names no device of the account; if the list change fails,
     * approving again adds it (the device ignores a second approval).
     */
    void approve(LinkCode code) {
        OutgoingEnvelope approval = linking.approval(code);
        EnvelopeResult result = join(wire.sendEnvelopes(List.of(approval))).results().get(0);
        if (result.status() == chat.model.frames.EnvelopeStatus.REFUSED) {
            throw new ChatException(result.code(), "the approval was not stored for device " + code.deviceId()
                    + ": " + result.message());
        }
        deviceList.add(wire.bearer(), self().userId(), code.deviceId());
        directory.forget(self().userId());
    }

    /** Asks for the Sender Keys of messages that waited too long (crypto thread). */
    void requestLateKeys() {
        recovery.requestLateKeys();
    }

    /** Parked messages older than {@link #WAIT_FOR_KEY}: handed back as undecryptable for good. */
    List<UndecryptableMessage> expireParked() {
        return store.expireParked(clock.millis() - WAIT_FOR_KEY.toMillis()).stream()
                .map(m -> new UndecryptableMessage(m, Failure.NO_SENDER_KEY, "its Sender Key never arrived", false))
                .toList();
    }

    /** The frame with its body sealed; throws when it cannot be (nothing readable leaves the device). */
    SendFrame seal(SendFrame frame) {
        Address me = self();
        // the keys are published and topped up on connect: only a device without an identity asks here (no HTTP
        // round trip per message)
        if (!store.hasIdentity()
                && keys.ensurePublished(wire.bearer(), me.userId()) == DeviceKeys.Status.NOT_APPROVED) {
            throw new EndToEndException(EndToEndException.Reason.NOT_APPROVED, "this device has no keys of the"
                    + " account yet: approve it from another device of the account");
        }
        String conversationId;
        List<String> users;
        if (frame.conversationId() != null) {
            conversationId = frame.conversationId();
            users = membersOf(conversationId);
        } else {
            String peer = frame.peer().startsWith("@") ? wire.userIdOf(frame.peer().substring(1)) : frame.peer();
            conversationId = Ids.directConversationId(me.userId(), peer);
            users = List.of(me.userId(), peer);
        }
        Set<Address> recipients = new LinkedHashSet<>();
        for (String user : users) {
            recipients.addAll(directory.devices(user));
        }
        long now = clock.millis();
        Optional<OwnSenderKey> before = crypto().ownKey(conversationId);
        if (before.isPresent() && rotation.due(before.get().messagesSealed(), age(conversationId, before.get(), now))) {
            crypto().rotate(conversationId);
        }
        ConversationCrypto.Outgoing out = crypto().encrypt(conversationId, recipients,
                Base64.getDecoder().decode(frame.body()));
        if (before.isEmpty() || before.get().keyId() != out.keyId()) {
            store.recordSenderKeyFirstUse(conversationId, out.keyId(), now);
        }
        for (ConversationCrypto.Unreachable u : out.unreachable()) {
            KeyNotice notice = new KeyNotice(conversationId, u.device().userId(), u.device().deviceId(), u.reason(),
                    u.identityChanged());
            tasks.onEvents(() -> listeners.each(l -> l.onKeyNotice(notice)));
        }
        crypto().delivered(withStored(out, sendEnvelopes(out.envelopes())));
        return new SendFrame(frame.reqId(), frame.conversationId(), frame.peer(), frame.clientMsgId(),
                Base64.getEncoder().encodeToString(out.body()));
    }

    /** How long this device has used its key; a key not used yet (e.g. just rotated when a member left) is new. */
    private Duration age(String conversationId, OwnSenderKey key, long now) {
        OptionalLong first = store.senderKeyFirstUsed(conversationId, key.keyId());
        if (first.isEmpty()) {
            store.recordSenderKeyFirstUse(conversationId, key.keyId(), now);
            return Duration.ZERO;
        }
        return Duration.ofMillis(now - first.getAsLong());
    }

    /** Stores the envelopes, 100 per frame; answers the devices the server stored them for. */
    private Set<Address> sendEnvelopes(List<ConversationCrypto.Envelope> all) {
        Set<Address> stored = new LinkedHashSet<>();
        for (int from = 0; from < all.size(); from += ENVELOPES_PER_FRAME) {
            List<ConversationCrypto.Envelope> chunk = all.subList(from, Math.min(all.size(), from + ENVELOPES_PER_FRAME));
            List<OutgoingEnvelope> frames = chunk.stream().map(e -> new OutgoingEnvelope(e.to().userId(),
                    e.to().deviceId(), UUID.randomUUID().toString(), EnvelopeSuite.SIGNAL_V3,
                    e.ciphertext().kind() == CiphertextMessage.Kind.PREKEY ? EnvelopeKind.PREKEY : EnvelopeKind.WHISPER,
                    Base64.getEncoder().encodeToString(e.ciphertext().serialized()))).toList();
            EnvelopesSentFrame answer = join(wire.sendEnvelopes(frames));
            for (int i = 0; i < chunk.size() && i < answer.results().size(); i++) {
                EnvelopeResult result = answer.results().get(i);
                Address to = chunk.get(i).to();
                if (result.status() != chat.model.frames.EnvelopeStatus.REFUSED) {
                    stored.add(to);
                } else {
                    directory.forget(to.userId()); // e.g. UNKNOWN_DEVICE: the device list changed
                    LOG.log(System.Logger.Level.INFO, "envelope to " + to + " refused: " + result.code());
                }
            }
        }
        return stored;
    }

    private static ConversationCrypto.Outgoing withStored(ConversationCrypto.Outgoing out, Set<Address> stored) {
        return new ConversationCrypto.Outgoing(out.conversationId(), out.keyId(), out.keyIteration(), out.body(),
                out.envelopes().stream().filter(e -> stored.contains(e.to())).toList(), out.unreachable());
    }

    private List<String> membersOf(String conversationId) {
        synchronized (this) {
            List<String> known = members.get(conversationId);
            if (known != null) {
                return known;
            }
        }
        MemberListFrame list;
        try {
            list = join(wire.members(conversationId));
        } catch (RuntimeException e) {
            throw new EndToEndException(EndToEndException.Reason.NO_RECIPIENTS,
                    "the members of " + conversationId + " could not be read: " + e.getMessage());
        }
        List<String> users = list.members().stream().map(MemberView::userId).toList();
        synchronized (this) {
            members.put(conversationId, users);
        }
        return users;
    }

    private <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(requestTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = ChatHttpApi.unwrap(e);
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer in time", e);
        }
    }

    // ------------------------------------------------------------------ event thread

    /**
     * Opens a message the server delivered (live or synced), in seq order: a group event passes (and a member
     * leaving rotates this device's Sender Key), this device's own message takes its body from the outbox, and any
     * other is decrypted, or parked when its sender's key has not arrived.
     */
    Opened open(ChatMessage m) {
        if (m.event() != null) {
            onGroupEvent(m);
            return new Opened.Readable(m);
        }
        Address me = self();
        if (me.userId().equals(m.senderUserId()) && me.deviceId().equals(m.senderDeviceId())) {
            Optional<OutgoingMessage> own = m.clientMsgId() == null ? Optional.empty() : ownSends.apply(m.clientMsgId());
            return own.<Opened>map(o -> new Opened.Readable(withBody(m, o.body())))
                    .orElseGet(() -> new Opened.Unreadable(new UndecryptableMessage(m, Failure.DUPLICATE,
                            "sent from this device; its text is not kept here", false)));
        }
        if (m.senderDeviceId() == null) {
            return new Opened.Unreadable(new UndecryptableMessage(m, Failure.MALFORMED, "no sender device", false));
        }
        Decryption d = crypto().decrypt(m.conversationId(), new Address(m.senderUserId(), m.senderDeviceId()),
                Base64.getDecoder().decode(m.body()));
        if (d instanceof Decryption.Plaintext p) {
            return new Opened.Readable(withBody(m, Base64.getEncoder().encodeToString(p.bytes())));
        }
        Decryption.Failed failed = (Decryption.Failed) d;
        if (failed.failure() == Failure.NO_SENDER_KEY) {
            store.park(m, clock.millis());
            // normally the key is in this device's inbox already or just behind the message; if not, ask for it
            tasks.onCryptoAfter(KeyRecovery.KEY_REQUEST_AFTER, () -> recovery.requestIfStillParked(m));
            return new Opened.Unreadable(new UndecryptableMessage(m, failed.failure(), failed.detail(), true));
        }
        return new Opened.Unreadable(new UndecryptableMessage(m, failed.failure(), failed.detail(), false));
    }

    private void onGroupEvent(ChatMessage m) {
        synchronized (this) {
            members.remove(m.conversationId());
        }
        GroupAction action = m.event().action();
        if (action == GroupAction.REMOVED || action == GroupAction.LEFT) {
            crypto().rotate(m.conversationId()); // what follows must not open with a key the leaver holds
        }
    }

    /**
     * An envelope from this device's inbox: a Sender Key is stored, and the messages parked for it open now (handed
     * back in seq order). A session-starting envelope used up one of this device's one-time prekeys.
     */
    List<ChatMessage> onEnvelope(ReceivedEnvelope e, Runnable topUp) {
        if (e.kind() == EnvelopeKind.PLAIN) {
            Optional<AccountProvision> approval = linking.onPlainEnvelope(e);
            if (approval.isEmpty()) {
                return List.of();
            }
            linkedBy = e.senderDeviceId();
            topUp.run(); // linked: publish this device's keys now, then say so
            List<ChatMessage> opened = new ArrayList<>();
            for (AccountProvision.HistoryKey h : approval.get().history()) {
                opened.addAll(openParked(h.conversationId(), new Address(h.userId(), h.deviceId())));
            }
            return opened;
        }
        if (e.suite() != EnvelopeSuite.SIGNAL_V3 || !store.hasIdentity()) {
            return List.of(); // newer suites are not handled by this version; nothing opens before linking
        }
        if (e.kind() == EnvelopeKind.PREKEY) {
            topUp.run();
        }
        Address from = new Address(e.senderUserId(), e.senderDeviceId());
        CiphertextMessage.Kind kind = e.kind() == EnvelopeKind.PREKEY ? CiphertextMessage.Kind.PREKEY
                : CiphertextMessage.Kind.WHISPER;
        ConversationCrypto.Incoming in = crypto().receive(from, new CiphertextMessage(kind, e.body()));
        if (in instanceof ConversationCrypto.Incoming.Failed f) {
            LOG.log(System.Logger.Level.INFO, "envelope " + e.seq() + " from " + from + " did not open: "
                    + f.failure() + " " + f.detail());
            tasks.onCrypto(() -> recovery.envelopeFailed(from, f.failure()));
            return List.of();
        }
        if (in instanceof ConversationCrypto.Incoming.KeyRequested asked) {
            tasks.onCrypto(() -> recovery.answer(asked));
            return List.of();
        }
        if (!(in instanceof ConversationCrypto.Incoming.SenderKeyArrived key)) {
            return List.of();
        }
        return openParked(key.conversationId(), key.from()); // the chain's sender: a held key names another device
    }

    /** The messages parked for a Sender Key of {@code from} that has just arrived, opened in seq order. */
    private List<ChatMessage> openParked(String conversationId, Address from) {
        List<ChatMessage> opened = new ArrayList<>();
        for (ChatMessage parked : store.parkedFrom(conversationId, from.userId(), from.deviceId())) {
            Decryption d = crypto().decrypt(parked.conversationId(), from, Base64.getDecoder().decode(parked.body()));
            if (d instanceof Decryption.Plaintext p) {
                store.unpark(parked.conversationId(), parked.seq());
                opened.add(withBody(parked, Base64.getEncoder().encodeToString(p.bytes())));
            }
        }
        return opened;
    }

    private static ChatMessage withBody(ChatMessage m, String body) {
        return new ChatMessage(m.conversationId(), m.seq(), m.senderUserId(), m.senderDeviceId(), m.clientMsgId(),
                body, m.serverTime());
    }
}
