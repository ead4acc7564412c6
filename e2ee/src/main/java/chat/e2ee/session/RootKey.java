package chat.e2ee.session;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.primitives.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The Double Ratchet's root key: each DH ratchet step derives a new root key and a new chain from it. */
record RootKey(byte[] key) {
    private static final byte[] RATCHET_INFO = "WhisperRatchet".getBytes(StandardCharsets.US_ASCII);

    record Step(RootKey rootKey, ChainKey chainKey) {
    }

    Step step(PublicKey theirRatchetKey, KeyPair ourRatchetKey) {
        byte[] shared = ourRatchetKey.privateKey().agree(theirRatchetKey);
        byte[] derived = Hkdf.derive(shared, key, RATCHET_INFO, 64);
        return new Step(new RootKey(Arrays.copyOfRange(derived, 0, 32)),
                new ChainKey(Arrays.copyOfRange(derived, 32, 64), 0));
    }
}
