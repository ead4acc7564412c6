package chat.e2ee.session;

import chat.e2ee.curve.InvalidKeyException;
import chat.e2ee.curve.KeyPair;
import chat.e2ee.primitives.AesCbc;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.PreKeySignalMessage;
import chat.e2ee.wire.SignalMessage;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Encrypts to and decrypts from one remote device with the Double Ratchet. Decryption works on a copy of the session
 * and stores it only when the message authenticated: a tampered, replayed or foreign message leaves every session as
 * it was, so nothing else is affected.
 */
public final class SessionCipher {
    /** Signal's bound on how far ahead of its chain a message may be. */
    static final int MAX_FORWARD_JUMP = 2000;

    private final SignalStore store;
    private final SecureRandom random;

    public SessionCipher(SignalStore store, SecureRandom random) {
        this.store = store;
        this.random = random;
    }

    public boolean hasSession(Address address) {
        return store.loadSession(address).map(SessionRecord::hasCurrentSession).orElse(false);
    }

    /** @throws IllegalStateException when there is no session with {@code address} (build one from its bundle) */
    public synchronized CiphertextMessage encrypt(Address address, byte[] plaintext) {
        SessionRecord record = store.loadSession(address).orElseGet(SessionRecord::new);
        SessionState state = record.current()
                .orElseThrow(() -> new IllegalStateException("no session with " + address));
        ChainKey chainKey = state.senderChainKey();
        MessageKeys keys = chainKey.messageKeys();
        byte[] ciphertext = AesCbc.encrypt(keys.cipherKey(), keys.iv(), plaintext);
        SignalMessage message = SignalMessage.create(keys.macKey(), state.localIdentity(), state.remoteIdentity(),
                state.senderRatchetKey().publicKey(), chainKey.index(), state.previousCounter(), ciphertext);
        state.senderChainKey(chainKey.next());
        store.storeSession(address, record);
        Optional<SessionState.PendingPreKey> pending = state.pendingPreKey();
        if (pending.isEmpty()) {
            return new CiphertextMessage(CiphertextMessage.Kind.WHISPER, message.serialized());
        }
        PreKeySignalMessage initial = PreKeySignalMessage.create(state.localRegistrationId(),
                pending.get().preKeyId(), pending.get().signedPreKeyId(), pending.get().baseKey(),
                state.localIdentity(), message);
        return new CiphertextMessage(CiphertextMessage.Kind.PREKEY, initial.serialized());
    }

    public synchronized Decryption decrypt(Address address, CiphertextMessage message) {
        try {
            return new Decryption.Plaintext(message.kind() == CiphertextMessage.Kind.PREKEY
                    ? decryptInitial(address, PreKeySignalMessage.parse(message.serialized()))
                    : decryptEstablished(address, SignalMessage.parse(message.serialized())));
        } catch (InvalidMessageException e) {
            return Decryption.failed(Failure.MALFORMED, e.getMessage());
        } catch (DecryptFailure e) {
            return e.toResult();
        }
    }

    private byte[] decryptInitial(Address address, PreKeySignalMessage message) throws DecryptFailure {
        if (!store.isTrustedIdentity(address, message.identityKey())) {
            throw new DecryptFailure(Failure.UNTRUSTED_IDENTITY, "the identity key of " + address + " changed");
        }
        SessionRecord record = store.loadSession(address).orElseGet(SessionRecord::new);
        OptionalInt usedOneTimePreKey = OptionalInt.empty();
        // A second copy of the same initial message (a redelivery, or the initiator's next messages before it
        // heard back) finds the session it built: only the first one runs X3DH.
        if (!record.hasState(message.baseKey())) {
            KeyPair signedPreKey = store.signedPreKey(message.signedPreKeyId()).orElseThrow(() -> new DecryptFailure(
                    Failure.UNKNOWN_PREKEY, "no signed prekey " + message.signedPreKeyId()));
            Optional<KeyPair> oneTimePreKey = Optional.empty();
            if (message.preKeyId().isPresent()) {
                int id = message.preKeyId().getAsInt();
                oneTimePreKey = Optional.of(store.oneTimePreKey(id).orElseThrow(() -> new DecryptFailure(
                        Failure.UNKNOWN_PREKEY, "no one-time prekey " + Integer.toUnsignedString(id))));
            }
            try {
                record.promote(X3dh.responder(store.identityKeyPair(), store.localRegistrationId(), signedPreKey,
                        oneTimePreKey, message.identityKey(), message.registrationId(), message.baseKey()));
            } catch (InvalidKeyException e) {
                throw new DecryptFailure(Failure.MALFORMED, e.getMessage());
            }
            usedOneTimePreKey = message.preKeyId();
        }
        byte[] plaintext = decryptWithRecord(record, message.message());
        store.saveIdentity(address, message.identityKey());
        store.storeSession(address, record);
        usedOneTimePreKey.ifPresent(store::removeOneTimePreKey);
        return plaintext;
    }

    private byte[] decryptEstablished(Address address, SignalMessage message) throws DecryptFailure {
        SessionRecord record = store.loadSession(address)
                .filter(SessionRecord::hasCurrentSession)
                .orElseThrow(() -> new DecryptFailure(Failure.NO_SESSION, "no session with " + address));
        byte[] plaintext = decryptWithRecord(record, message);
        store.storeSession(address, record);
        return plaintext;
    }

    /** Tries the current state, then the previous ones; the one that decrypts becomes current. */
    private byte[] decryptWithRecord(SessionRecord record, SignalMessage message) throws DecryptFailure {
        DecryptFailure first = null;
        for (int index = -1; index < record.previous().size(); index++) {
            SessionState candidate = (index < 0 ? record.current().orElseThrow() : record.previous().get(index)).copy();
            try {
                byte[] plaintext = decryptWithState(candidate, message);
                record.replace(index, candidate);
                return plaintext;
            } catch (DecryptFailure e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    private byte[] decryptWithState(SessionState state, SignalMessage message) throws DecryptFailure {
        ReceiverChain chain;
        try {
            chain = state.receiverChain(message.ratchetKey())
                    .orElseGet(() -> state.ratchet(message.ratchetKey(), KeyPair.generate(random)));
        } catch (InvalidKeyException e) {
            throw new DecryptFailure(Failure.MALFORMED, "bad ratchet key: " + e.getMessage());
        }
        MessageKeys keys = messageKeys(chain, Integer.toUnsignedLong(message.counter()));
        if (!message.verifyMac(state.remoteIdentity(), state.localIdentity(), keys.macKey())) {
            throw new DecryptFailure(Failure.BAD_MAC, "the MAC does not match");
        }
        byte[] plaintext = AesCbc.decrypt(keys.cipherKey(), keys.iv(), message.ciphertext())
                .orElseThrow(() -> new DecryptFailure(Failure.BAD_MAC, "bad padding"));
        state.pendingPreKey(null);
        return plaintext;
    }

    private static MessageKeys messageKeys(ReceiverChain chain, long counter) throws DecryptFailure {
        ChainKey chainKey = chain.chainKey();
        if (chainKey.index() > counter) {
            MessageKeys skipped = chain.takeSkipped((int) counter);
            if (skipped == null) {
                throw new DecryptFailure(Failure.DUPLICATE, "message " + counter + " was already decrypted");
            }
            return skipped;
        }
        if (counter - chainKey.index() > MAX_FORWARD_JUMP) {
            throw new DecryptFailure(Failure.TOO_FAR_AHEAD, "message " + counter + " is more than "
                    + MAX_FORWARD_JUMP + " ahead of " + chainKey.index());
        }
        while (chainKey.index() < counter) {
            chain.skip(chainKey.messageKeys());
            chainKey = chainKey.next();
        }
        chain.chainKey(chainKey.next());
        return chainKey.messageKeys();
    }
}
