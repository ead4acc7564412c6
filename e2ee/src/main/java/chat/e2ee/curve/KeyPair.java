package chat.e2ee.curve;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** A Curve25519 key pair (identity, signed prekey, one-time prekey, ratchet or Sender-Key signing key). */
public record KeyPair(PublicKey publicKey, PrivateKey privateKey) {
    public KeyPair {
        if (publicKey == null || privateKey == null) {
            throw new IllegalArgumentException("a key pair needs both keys");
        }
    }

    public static KeyPair generate(SecureRandom random) {
        byte[] k = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, k);
        return of(PrivateKey.of(k));
    }

    public static KeyPair of(PrivateKey privateKey) {
        return new KeyPair(privateKey.publicKey(), privateKey);
    }
}
