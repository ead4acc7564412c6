package chat.e2ee.curve;

import java.math.BigInteger;

/** Little-endian conversions between byte strings and integers, as Curve25519 and Ed25519 encode them. */
final class Scalars {
    private Scalars() {
    }

    static BigInteger fromLittleEndian(byte[] bytes) {
        byte[] be = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            be[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    static byte[] toLittleEndian32(BigInteger value) {
        byte[] be = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }
}
