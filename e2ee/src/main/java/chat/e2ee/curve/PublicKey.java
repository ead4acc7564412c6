package chat.e2ee.curve;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Curve25519 public key (the Montgomery u coordinate) in Signal's serialized form: the type byte {@code 0x05}
 * followed by the 32 bytes of u, little-endian. The same key serves X25519 agreement and XEdDSA verification.
 */
public final class PublicKey {
    /** Signal's type byte for a Curve25519 ("djb") key. */
    public static final byte DJB_TYPE = 0x05;
    public static final int SERIALIZED_LENGTH = 33;

    private final byte[] u;

    private PublicKey(byte[] u) {
        this.u = u;
    }

    static PublicKey ofU(byte[] u) {
        if (u.length != 32) {
            throw new IllegalArgumentException("a Curve25519 public key has 32 bytes, not " + u.length);
        }
        return new PublicKey(u.clone());
    }

    /**
     * Reads a serialized key, as Signal does: exactly 33 bytes, the first of them {@code 0x05}.
     *
     * @throws InvalidKeyException naming what is wrong
     */
    public static PublicKey decode(byte[] serialized) {
        if (serialized == null || serialized.length != SERIALIZED_LENGTH) {
            throw new InvalidKeyException("a public key has " + SERIALIZED_LENGTH + " bytes (0x05 and 32 bytes), not "
                    + (serialized == null ? 0 : serialized.length));
        }
        if (serialized[0] != DJB_TYPE) {
            throw new InvalidKeyException("unknown public key type 0x" + HexFormat.of().toHexDigits(serialized[0]));
        }
        return new PublicKey(Arrays.copyOfRange(serialized, 1, SERIALIZED_LENGTH));
    }

    /** {@code 0x05 || u}: the form Signal signs (a signed prekey's signature covers exactly these bytes) and sends. */
    public byte[] serialize() {
        byte[] out = new byte[SERIALIZED_LENGTH];
        out[0] = DJB_TYPE;
        System.arraycopy(u, 0, out, 1, 32);
        return out;
    }

    /** The raw u coordinate, 32 bytes little-endian. */
    public byte[] u() {
        return u.clone();
    }

    byte[] uNoCopy() {
        return u;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey other && java.security.MessageDigest.isEqual(u, other.u);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(u);
    }

    @Override
    public String toString() {
        return "PublicKey[" + HexFormat.of().formatHex(u, 0, 4) + "…]";
    }
}
