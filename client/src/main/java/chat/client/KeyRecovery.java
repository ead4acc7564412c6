package chat.client;

import chat.e2ee.messaging.ConversationCrypto;
import chat.e2ee.messaging.SealedBody;
import chat.e2ee.session.Address;
import chat.e2ee.session.Failure;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.SenderKeyMessage;
import chat.model.frames.ChatMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a device does when it cannot open something (docs/e2ee.md, What happens to a bad message), over pairwise
 * envelopes: an envelope from a device that no longer opens gets that device a new session (a session reset); a
 * message that waited {@link #KEY_REQUEST_AFTER} for its Sender Key makes the device ask the sender for the key from
 * that message's chain position (a key request), and this account's other devices, which may hold it; and another
 * device's request is answered when it is entitled to the key. Both kinds are bounded per device and key
 * ({@link #REPEAT_AFTER}): a server that tampers with envelopes cannot make devices reset or ask in a loop. Runs on the device's crypto thread; it blocks on the connection.
 */
final class KeyRecovery {
    /** How long a message waits for its Sender Key before the device asks the sender for it. */
    static final Duration KEY_REQUEST_AFTER = Duration.ofSeconds(5);
    /** A reset with one device, or a request for one key, is not repeated sooner. */
    static final Duration REPEAT_AFTER = Duration.ofMinutes(10);
    private static final System.Logger LOG = System.getLogger(KeyRecovery.class.getName());
    /** Failures a new session cures; a malformed or replayed envelope, or a changed identity, is no session problem. */
    private static final Set<Failure> SESSION_LOST = EnumSet.of(Failure.NO_SESSION, Failure.UNKNOWN_PREKEY,
            Failure.BAD_MAC, Failure.TOO_FAR_AHEAD);

    private final Supplier<ConversationCrypto> crypto;
    private final KeyStore store;
    private final Function<List<ConversationCrypto.Envelope>, Set<Address>> send;
    private final Supplier<List<Address>> siblings;
    private final Clock clock;
    private final Map<String, Long> lastDone = new HashMap<>(); // crypto thread only

    /** @param siblings this account's other devices that its signed device list names */
    KeyRecovery(Supplier<ConversationCrypto> crypto, KeyStore store,
            Function<List<ConversationCrypto.Envelope>, Set<Address>> send, Supplier<List<Address>> siblings,
            Clock clock) {
        this.crypto = crypto;
        this.store = store;
        this.send = send;
        this.siblings = siblings;
        this.clock = clock;
    }

    /** An envelope from {@code from} did not open: a new session with it, unless one was started lately. */
    void envelopeFailed(Address from, Failure failure) {
        if (!store.hasIdentity() || !SESSION_LOST.contains(failure) || !due("reset " + from)) {
            return;
        }
        Optional<ConversationCrypto.Envelope> reset;
        try {
            reset = crypto.get().resetSession(from);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "no new session with " + from + ": " + e.getMessage());
            return;
        }
        if (reset.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no new session with " + from + ": it has no usable keys");
            return;
        }
        sendAll(List.of(reset.get()), "session reset");
    }

    /** Asks the senders of messages that waited long enough for their Sender Keys, once per key (after a start). */
    void requestLateKeys() {
        if (store.hasIdentity()) { // before the approval nothing opens: it brings the keys
            store.parkedBefore(clock.millis() - KEY_REQUEST_AFTER.toMillis()).forEach(this::request);
        }
    }

    /** {@code m} was parked {@link #KEY_REQUEST_AFTER} ago: asks for its key if it still waits for it. */
    void requestIfStillParked(ChatMessage m) {
        if (store.hasIdentity() && store.isParked(m.conversationId(), m.seq())) {
            request(m);
        }
    }

    private void request(ChatMessage m) {
        try {
            requestFor(m);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "no key request for " + m.conversationId() + "#" + m.seq() + ": "
                    + e.getMessage());
        }
    }

    private void requestFor(ChatMessage m) {
        Address sender = new Address(m.senderUserId(), m.senderDeviceId());
        byte[] body = Base64.getDecoder().decode(m.body());
        // one request per key: its answer opens every message of that key from the earliest one parked on (they come
        // in seq order)
        if (due("key " + m.conversationId() + " " + sender + " " + keyIdOf(body))) {
            List<ConversationCrypto.Envelope> requests = new ArrayList<>();
            crypto.get().requestKey(m.conversationId(), sender, body).ifPresent(requests::add);
            // this account's other devices may hold it: the sender gave it to them while this device was not listed
            for (Address sibling : siblings()) {
                if (!sibling.equals(sender)) {
                    crypto.get().requestKey(sibling, m.conversationId(), sender, body).ifPresent(requests::add);
                }
            }
            if (!requests.isEmpty()) {
                sendAll(requests, "key request");
            }
        }
    }

    private List<Address> siblings() {
        try {
            return siblings.get();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "this account's devices could not be read: " + e.getMessage());
            return List.of();
        }
    }

    /** Another device asked for this device's Sender Key: answered if it is entitled to it, else ignored. */
    void answer(ConversationCrypto.Incoming.KeyRequested asked) {
        try {
            answerOrIgnore(asked);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "the key request of " + asked.from() + " was not answered: "
                    + e.getMessage());
        }
    }

    private void answerOrIgnore(ConversationCrypto.Incoming.KeyRequested asked) {
        boolean forAnotherChain = asked.request().chainOf().isPresent();
        if (forAnotherChain && !siblings().contains(asked.from())) {
            LOG.log(System.Logger.Level.INFO, asked.from() + " asked for another device's Sender Key but is not a"
                    + " device this account's signed list names: ignored");
            return;
        }
        Optional<ConversationCrypto.Envelope> answer = crypto.get().answer(asked);
        if (answer.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, asked.from() + " asked for Sender Key " + asked.request().keyId()
                    + " in " + asked.request().conversationId() + ", which it was never given: ignored");
            return;
        }
        sendAll(List.of(answer.get()), "key for " + asked.from());
    }

    private static String keyIdOf(byte[] body) {
        try {
            return Integer.toUnsignedString(SenderKeyMessage.parse(SealedBody.decode(body).ciphertext()).keyId());
        } catch (InvalidMessageException e) {
            return "?";
        }
    }

    private boolean due(String what) {
        long now = clock.millis();
        if (lastDone.size() > 10_000) {
            lastDone.values().removeIf(at -> now - at >= REPEAT_AFTER.toMillis());
        }
        Long last = lastDone.get(what);
        if (last != null && now - last < REPEAT_AFTER.toMillis()) {
            return false;
        }
        lastDone.put(what, now);
        return true;
    }

    private void sendAll(List<ConversationCrypto.Envelope> envelopes, String what) {
        try {
            if (send.apply(envelopes).isEmpty()) {
                LOG.log(System.Logger.Level.INFO, what + " was refused by the server");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, what + " was not sent: " + e.getMessage());
        }
    }
}
