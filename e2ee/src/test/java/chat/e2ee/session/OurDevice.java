package chat.e2ee.session;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.Xeddsa;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalInt;

/** A device running our implementation, with a signed prekey and ten one-time prekeys. */
final class OurDevice {
    static final SecureRandom RANDOM = new SecureRandom();
    final KeyPair identity = KeyPair.generate(RANDOM);
    final int registrationId = 1 + RANDOM.nextInt(16380);
    final InMemorySignalStore store = new InMemorySignalStore(identity, registrationId);
    final SessionCipher cipher = new SessionCipher(store, RANDOM);
    private final KeyPair signedPreKey = KeyPair.generate(RANDOM);
    private final byte[] signature = Xeddsa.sign(identity.privateKey(), signedPreKey.publicKey().serialize(), RANDOM);
    private int nextPreKey = 500;

    OurDevice() {
        store.addSignedPreKey(3, signedPreKey);
    }

    PreKeyBundle bundle(boolean withOneTimePreKey) {
        if (!withOneTimePreKey) {
            return new PreKeyBundle(registrationId, identity.publicKey(), 3, signedPreKey.publicKey(), signature,
                    OptionalInt.empty(), Optional.empty());
        }
        KeyPair oneTime = KeyPair.generate(RANDOM);
        int id = nextPreKey++;
        store.addOneTimePreKey(id, oneTime);
        return new PreKeyBundle(registrationId, identity.publicKey(), 3, signedPreKey.publicKey(), signature,
                OptionalInt.of(id), Optional.of(oneTime.publicKey()));
    }

    void startSessionWith(Address address, PreKeyBundle bundle) {
        new SessionBuilder(store, RANDOM).process(address, bundle);
    }

    CiphertextMessage encrypt(Address to, String text) {
        return cipher.encrypt(to, text.getBytes(StandardCharsets.UTF_8));
    }

    Decryption decrypt(Address from, CiphertextMessage message) {
        return cipher.decrypt(from, message);
    }

    String decryptText(Address from, CiphertextMessage message) {
        Decryption result = decrypt(from, message);
        if (result instanceof Decryption.Plaintext plaintext) {
            return new String(plaintext.bytes(), StandardCharsets.UTF_8);
        }
        throw new AssertionError("expected a plaintext, got " + result);
    }
}
