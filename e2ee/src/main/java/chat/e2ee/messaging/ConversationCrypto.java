package chat.e2ee.messaging;

import chat.e2ee.curve.InvalidKeyException;
import chat.e2ee.group.GroupCipher;
import chat.e2ee.group.GroupSessionBuilder;
import chat.e2ee.group.OwnSenderKey;
import chat.e2ee.group.SenderKeyName;
import chat.e2ee.group.SenderKeyStore;
import chat.e2ee.session.Address;
import chat.e2ee.session.CiphertextMessage;
import chat.e2ee.session.Decryption;
import chat.e2ee.session.Failure;
import chat.e2ee.session.PreKeyBundle;
import chat.e2ee.session.SessionBuilder;
import chat.e2ee.session.SessionCipher;
import chat.e2ee.session.SignalStore;
import chat.e2ee.session.UntrustedIdentityException;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import chat.e2ee.wire.SenderKeyMessage;
import chat.e2ee.wire.Suites;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One device's end-to-end encryption of conversations: each message encrypted once with this device's Sender Key,
 * the key sent first, over pairwise sessions, to every recipient device that does not hold it yet.
 *
 * <p>The caller sends {@link Outgoing#envelopes()} before {@link Outgoing#body()} (the inbox keeps them in order per
 * sender device, so the key arrives before the first message it opens) and calls {@link #delivered} once the server
 * stored them; until then the next message offers the key again, which a device that already has it ignores.
 */
public final class ConversationCrypto {
    /** A pairwise ciphertext for one device. */
    public record Envelope(Address to, CiphertextMessage ciphertext) {
    }

    /** Why a recipient device got no key: the message will not open there until this is resolved. */
    public record Unreachable(Address device, String reason) {
        /** The device's user has another identity key than the one trusted: the user must accept it first. */
        public boolean identityChanged() {
            return IDENTITY_CHANGED.equals(reason);
        }
    }

    static final String IDENTITY_CHANGED = "identity key changed";

    /** {@code keyIteration}: the chain position the envelopes' key starts at. */
    public record Outgoing(String conversationId, int keyId, int keyIteration, byte[] body, List<Envelope> envelopes,
            List<Unreachable> unreachable) {
    }

    public sealed interface Incoming {
        /** A Sender Key arrived: messages from {@code from} in {@code conversationId} that waited for it can open. */
        record SenderKeyArrived(String conversationId, Address from, boolean isNew) implements Incoming {
        }

        /** {@code from} lost its session with this device and started a new one (it is in place now). */
        record ResetRequested(Address from) implements Incoming {
        }

        /** {@code from} asks for this device's Sender Key: answer with {@link #answer}. */
        record KeyRequested(Address from, PairwiseContent.KeyRequest request) implements Incoming {
        }

        /** A content this version does not know (from a newer client): nothing to do. */
        record Ignored() implements Incoming {
        }

        record Failed(Failure failure, String detail) implements Incoming {
        }
    }

    private final Address self;
    private final SignalStore signal;
    private final DistributionLedger ledger;
    private final BundleSource bundles;
    private final SecureRandom random;
    private final SessionCipher sessions;
    private final GroupSessionBuilder senderKeys;
    private final GroupCipher groups;

    public ConversationCrypto(Address self, SignalStore signal, SenderKeyStore senderKeyStore,
            DistributionLedger ledger, BundleSource bundles, SecureRandom random) {
        this.self = self;
        this.signal = signal;
        this.ledger = ledger;
        this.bundles = bundles;
        this.random = random;
        this.sessions = new SessionCipher(signal, random);
        this.senderKeys = new GroupSessionBuilder(senderKeyStore, random);
        this.groups = new GroupCipher(senderKeyStore, random);
    }

    /**
     * Encrypts {@code plaintext} for {@code recipients} — every device of every member, this user's other devices
     * included (this device itself is skipped). When a device that holds the current Sender Key is no longer among
     * them (it was removed from its account's device list, or its user left), the key is replaced first, so that
     * device cannot read this message or any after it.
     */
    public synchronized Outgoing encrypt(String conversationId, Collection<Address> recipients, byte[] plaintext) {
        SenderKeyName own = new SenderKeyName(conversationId, self);
        SenderKeyDistributionMessage key = senderKeys.distribution(own);
        Set<Address> holders = ledger.holders(conversationId, key.keyId());
        if (!recipients.containsAll(holders)) {
            key = senderKeys.rotate(own); // a holder left: a new key it never gets
            holders = Set.of();
        }
        byte[] content = PairwiseContent.encode(new PairwiseContent.SenderKeyFor(conversationId, key));
        List<Envelope> envelopes = new ArrayList<>();
        List<Unreachable> unreachable = new ArrayList<>();
        for (Address device : recipients) {
            if (device.equals(self) || holders.contains(device)) {
                continue;
            }
            Optional<String> problem = ensureSession(device);
            if (problem.isPresent()) {
                unreachable.add(new Unreachable(device, problem.get()));
                continue;
            }
            envelopes.add(new Envelope(device, sessions.encrypt(device, content)));
        }
        byte[] body = new SealedBody(Suites.SIGNAL_V3, groups.encrypt(own, plaintext)).encode();
        return new Outgoing(conversationId, key.keyId(), key.iteration(), body, List.copyOf(envelopes),
                List.copyOf(unreachable));
    }

    /** The server stored these envelopes: their devices hold the key and are not sent it again. */
    public synchronized void delivered(Outgoing outgoing) {
        outgoing.envelopes().forEach(envelope ->
                ledger.recordHolder(outgoing.conversationId(), outgoing.keyId(), envelope.to(),
                        outgoing.keyIteration()));
    }

    /**
     * A new Sender Key for the conversation (a member or a device left): the next message goes out under it, and only
     * devices it is then sent to can read what follows.
     */
    public synchronized void rotate(String conversationId) {
        senderKeys.rotate(new SenderKeyName(conversationId, self));
    }

    /** This device's current Sender Key in the conversation; empty before its first message there. */
    public synchronized Optional<OwnSenderKey> ownKey(String conversationId) {
        return senderKeys.current(new SenderKeyName(conversationId, self));
    }

    public synchronized Incoming receive(Address from, CiphertextMessage envelope) {
        Decryption decrypted = sessions.decrypt(from, envelope);
        if (decrypted instanceof Decryption.Failed failed) {
            return new Incoming.Failed(failed.failure(), failed.detail());
        }
        PairwiseContent content;
        try {
            content = PairwiseContent.decode(((Decryption.Plaintext) decrypted).bytes());
        } catch (InvalidMessageException e) {
            return new Incoming.Failed(Failure.MALFORMED, e.getMessage());
        }
        if (content instanceof PairwiseContent.SenderKeyFor key) {
            boolean fresh = senderKeys.process(new SenderKeyName(key.conversationId(), from), key.distribution());
            return new Incoming.SenderKeyArrived(key.conversationId(), from, fresh);
        }
        if (content instanceof PairwiseContent.HeldKey held) {
            // only a device of this account passes on other devices' keys; one for this device's own chain is moot
            if (!from.userId().equals(self.userId()) || held.sender().equals(self)) {
                return new Incoming.Ignored();
            }
            boolean fresh = senderKeys.process(new SenderKeyName(held.conversationId(), held.sender()),
                    held.distribution());
            return new Incoming.SenderKeyArrived(held.conversationId(), held.sender(), fresh);
        }
        if (content instanceof PairwiseContent.SessionReset) {
            return new Incoming.ResetRequested(from);
        }
        if (content instanceof PairwiseContent.KeyRequest request) {
            return new Incoming.KeyRequested(from, request);
        }
        return new Incoming.Ignored();
    }

    /**
     * A new session with {@code device}, replacing one this device can no longer use (an envelope from it did not
     * open), and the envelope that tells it so; empty when no session can be started ({@code Unreachable} reasons).
     */
    public synchronized Optional<Envelope> resetSession(Address device) {
        Optional<String> problem = startSession(device); // the old state is kept archived behind the new one
        return problem.isPresent() ? Optional.empty() : Optional.of(new Envelope(device,
                sessions.encrypt(device, PairwiseContent.encode(new PairwiseContent.SessionReset()))));
    }

    /**
     * The envelope that asks {@code sender} for the Sender Key a stored message of it needs (the key id and position
     * are read from the message's unauthenticated header); empty when the body is no Sender-Key message or no session
     * can be started.
     */
    public synchronized Optional<Envelope> requestKey(String conversationId, Address sender, byte[] body) {
        return requestKey(sender, conversationId, sender, body);
    }

    /**
     * The same request to {@code sibling}, another device of this account, which may hold {@code sender}'s key
     * (it was given it while this device was not yet listed).
     */
    public synchronized Optional<Envelope> requestKey(Address sibling, String conversationId, Address sender,
            byte[] body) {
        SenderKeyMessage message;
        try {
            message = SenderKeyMessage.parse(SealedBody.decode(body).ciphertext());
        } catch (InvalidMessageException e) {
            return Optional.empty();
        }
        if (ensureSession(sibling).isPresent()) {
            return Optional.empty();
        }
        byte[] content = PairwiseContent.encode(new PairwiseContent.KeyRequest(conversationId, message.keyId(),
                message.iteration(), sibling.equals(sender) ? Optional.empty() : Optional.of(sender)));
        return Optional.of(new Envelope(sibling, sessions.encrypt(sibling, content)));
    }

    /**
     * The answer to a key request: this device's Sender Key from the position asked for, but only to a device it gave
     * that key to, and from no earlier position than it gave it at; empty (the request is ignored) otherwise.
     */
    public synchronized Optional<Envelope> answer(Incoming.KeyRequested asked) {
        PairwiseContent.KeyRequest request = asked.request();
        Optional<Address> chainOf = request.chainOf().filter(sender -> !sender.equals(self));
        if (chainOf.isPresent()) {
            // another device's key, passed on within this account only (the caller checks the asker is listed)
            if (!asked.from().userId().equals(self.userId()) || !sessions.hasSession(asked.from())) {
                return Optional.empty();
            }
            return senderKeys.heldAt(new SenderKeyName(request.conversationId(), chainOf.get()), request.keyId(),
                    request.iteration()).map(key -> new Envelope(asked.from(), sessions.encrypt(asked.from(),
                            PairwiseContent.encode(new PairwiseContent.HeldKey(request.conversationId(),
                                    chainOf.get(), key)))));
        }
        OptionalInt givenAt = ledger.heldFrom(request.conversationId(), request.keyId(), asked.from());
        if (givenAt.isEmpty() || !sessions.hasSession(asked.from())) {
            return Optional.empty();
        }
        return senderKeys.ownAt(new SenderKeyName(request.conversationId(), self), request.keyId(),
                Math.max(request.iteration(), givenAt.getAsInt()))
                .map(key -> new Envelope(asked.from(), sessions.encrypt(asked.from(), PairwiseContent.encode(
                        new PairwiseContent.SenderKeyFor(request.conversationId(), key)))));
    }

    /** Decrypts a stored conversation message sent by {@code sender}. */
    public synchronized Decryption decrypt(String conversationId, Address sender, byte[] body) {
        SealedBody sealed;
        try {
            sealed = SealedBody.decode(body);
        } catch (InvalidMessageException e) {
            return Decryption.failed(Failure.MALFORMED, e.getMessage());
        }
        return groups.decrypt(new SenderKeyName(conversationId, sender), sealed.ciphertext());
    }

    private Optional<String> ensureSession(Address device) {
        return sessions.hasSession(device) ? Optional.empty() : startSession(device);
    }

    /** A new session from the device's bundle; the reason it cannot be started otherwise. */
    private Optional<String> startSession(Address device) {
        Optional<PreKeyBundle> bundle = bundles.fetch(device);
        if (bundle.isEmpty()) {
            return Optional.of("no keys published");
        }
        if (device.userId().equals(self.userId())
                && !bundle.get().identityKey().equals(signal.identityKeyPair().publicKey())) {
            return Optional.of("not signed by this account's identity key");
        }
        try {
            new SessionBuilder(signal, random).process(device, bundle.get());
            return Optional.empty();
        } catch (InvalidKeyException e) {
            return Optional.of("bad signed prekey: " + e.getMessage());
        } catch (UntrustedIdentityException e) {
            return Optional.of(IDENTITY_CHANGED);
        }
    }
}
