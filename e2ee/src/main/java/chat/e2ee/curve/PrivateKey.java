package chat.e2ee.curve;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A Curve25519 private key: 32 bytes, clamped as RFC 7748 and Signal clamp them (so the same scalar works for X25519
 * and for XEdDSA). Never serialized onto the wire in the clear; {@link #bytes()} exists for the device's own key store
 * and for the account identity sealed to a newly linked device ({@code linking.AccountProvision}).
 */
public final class PrivateKey {
    private final byte[] scalar;

    private PrivateKey(byte[] scalar) {
        this.scalar = scalar;
    }

    /** Takes 32 bytes and clamps them (a key Signal generated is already clamped, so this changes nothing for it). */
    public static PrivateKey of(byte[] bytes) {
        if (bytes == null || bytes.length != X25519.SCALAR_SIZE) {
            throw new InvalidKeyException("a private key has 32 bytes, not " + (bytes == null ? 0 : bytes.length));
        }
        byte[] k = bytes.clone();
        X25519.clampPrivateKey(k);
        return new PrivateKey(k);
    }

    public PublicKey publicKey() {
        byte[] u = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(scalar, 0, u, 0);
        return PublicKey.ofU(u);
    }

    /**
     * X25519 agreement with their key. A key of small order (whose agreement is all zeros) is refused: it would make
     * the "secret" known to anyone.
     */
    public byte[] agree(PublicKey theirs) {
        byte[] out = new byte[X25519.POINT_SIZE];
        if (!X25519.calculateAgreement(scalar, 0, theirs.uNoCopy(), 0, out, 0)) {
            throw new InvalidKeyException("their public key is of small order");
        }
        return out;
    }

    public byte[] bytes() {
        return scalar.clone();
    }

    byte[] scalarNoCopy() {
        return scalar;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrivateKey other && java.security.MessageDigest.isEqual(scalar, other.scalar);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(scalar);
    }

    @Override
    public String toString() {
        return "PrivateKey[redacted]";
    }
}
