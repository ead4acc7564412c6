package chat.e2ee.messaging;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.Xeddsa;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Fresh prekeys for the key directory: the private halves stay in the device's store, the public ones go up. */
public final class PreKeys {
    private PreKeys() {
    }

    /** A signed prekey: the key pair and the identity key's XEdDSA signature over its serialized public key. */
    public record Signed(int id, KeyPair keyPair, byte[] signature) {
    }

    public record OneTime(int id, KeyPair keyPair) {
    }

    public static Signed signed(KeyPair identity, int id, SecureRandom random) {
        KeyPair key = KeyPair.generate(random);
        return new Signed(id, key, Xeddsa.sign(identity.privateKey(), key.publicKey().serialize(), random));
    }

    /** {@code count} one-time prekeys with ids {@code firstId, firstId + 1, …} (wrapping within 1..2^24−1 as Signal's do). */
    public static List<OneTime> oneTime(int firstId, int count, SecureRandom random) {
        List<OneTime> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = (int) (((long) firstId - 1 + i) % 0xFF_FFFE) + 1;
            keys.add(new OneTime(id, KeyPair.generate(random)));
        }
        return keys;
    }
}
