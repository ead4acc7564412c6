package chat.e2ee.group;

import chat.e2ee.primitives.AesCbc;
import chat.e2ee.session.Decryption;
import chat.e2ee.session.Failure;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.SenderKeyMessage;
import java.security.SecureRandom;

/**
 * Encrypts a conversation message once, with the sending device's Sender Key, for every member device; decrypts
 * other devices' messages. As with pairwise sessions, a bad message leaves the stored keys as they were.
 */
public final class GroupCipher {
    /** Signal's bound on how far ahead of its chain a group message may be. */
    static final int MAX_FORWARD_JUMP = 2000;

    private final SenderKeyStore store;
    private final SecureRandom random;

    public GroupCipher(SenderKeyStore store, SecureRandom random) {
        this.store = store;
        this.random = random;
    }

    /** @throws IllegalStateException when this device has no Sender Key for the conversation yet */
    public synchronized byte[] encrypt(SenderKeyName own, byte[] plaintext) {
        SenderKeyRecord record = store.load(own).orElseGet(SenderKeyRecord::new);
        SenderKeyState state = record.newest().filter(s -> s.signingPrivateKey().isPresent())
                .orElseThrow(() -> new IllegalStateException("no own sender key for " + own));
        SenderMessageKey key = state.chainKey().messageKey();
        byte[] ciphertext = AesCbc.encrypt(key.cipherKey(), key.iv(), plaintext);
        SenderKeyMessage message = SenderKeyMessage.create(state.keyId(), key.iteration(), ciphertext,
                state.signingPrivateKey().orElseThrow(), random);
        state.chainKey(state.chainKey().next());
        store.store(own, record);
        return message.serialized();
    }

    public synchronized Decryption decrypt(SenderKeyName sender, byte[] serialized) {
        SenderKeyMessage message;
        try {
            message = SenderKeyMessage.parse(serialized);
        } catch (InvalidMessageException e) {
            return Decryption.failed(Failure.MALFORMED, e.getMessage());
        }
        SenderKeyRecord record = store.load(sender).orElse(null);
        SenderKeyState state = record == null ? null : record.state(message.keyId()).map(SenderKeyState::copy)
                .orElse(null);
        if (state == null) {
            return Decryption.failed(Failure.NO_SENDER_KEY, "no sender key " + Integer.toUnsignedString(
                    message.keyId()) + " from " + sender.sender() + " in " + sender.conversationId());
        }
        if (!message.verifySignature(state.signingKey())) {
            return Decryption.failed(Failure.BAD_SIGNATURE, "the signature does not verify");
        }
        long iteration = Integer.toUnsignedLong(message.iteration());
        SenderChainKey chainKey = state.chainKey();
        SenderMessageKey key;
        if (chainKey.iteration() > iteration) {
            key = state.takeSkipped((int) iteration);
            if (key == null) {
                return Decryption.failed(Failure.DUPLICATE, "message " + iteration + " was already decrypted");
            }
        } else {
            if (iteration - chainKey.iteration() > MAX_FORWARD_JUMP) {
                return Decryption.failed(Failure.TOO_FAR_AHEAD, "message " + iteration + " is more than "
                        + MAX_FORWARD_JUMP + " ahead of " + chainKey.iteration());
            }
            while (chainKey.iteration() < iteration) {
                state.skip(chainKey.messageKey());
                chainKey = chainKey.next();
            }
            key = chainKey.messageKey();
            state.chainKey(chainKey.next());
        }
        byte[] plaintext = AesCbc.decrypt(key.cipherKey(), key.iv(), message.ciphertext()).orElse(null);
        if (plaintext == null) {
            return Decryption.failed(Failure.MALFORMED, "bad padding under a valid signature");
        }
        record.replace(state);
        store.store(sender, record);
        return new Decryption.Plaintext(plaintext);
    }
}
