package chat.e2ee.curve;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * XEdDSA (Signal's specification, revision 1): Ed25519-compatible signatures made with a Curve25519 key, so one identity
 * key serves both X3DH and signing. Signatures are 64 bytes {@code R || s}; verifying one is an ordinary Ed25519
 * verification against the Edwards form of the Montgomery public key, with its sign bit 0.
 */
public final class Xeddsa {
    public static final int SIGNATURE_LENGTH = 64;
    /** {@code hash_1}'s prefix: the 32-byte little-endian encoding of 2^256 − 1 − 1. */
    private static final byte[] HASH1_PREFIX = hash1Prefix();

    private Xeddsa() {
    }

    /** Signs {@code message} with a fresh 64-byte nonce input Z, as the specification requires. */
    public static byte[] sign(PrivateKey key, byte[] message, SecureRandom random) {
        byte[] z = new byte[64];
        random.nextBytes(z);
        return sign(key, message, z);
    }

    static byte[] sign(PrivateKey key, byte[] message, byte[] z) {
        BigInteger k = Scalars.fromLittleEndian(key.scalarNoCopy());
        EdwardsBridge.Point e = EdwardsBridge.multiplyBase(k);
        // calculate_key_pair: the Edwards public key always has sign bit 0; negate the scalar when E's is 1.
        BigInteger a = e.sign() ? EdwardsBridge.Q.subtract(k.mod(EdwardsBridge.Q)) : k.mod(EdwardsBridge.Q);
        byte[] publicA = Scalars.toLittleEndian32(e.y());
        byte[] aBytes = Scalars.toLittleEndian32(a);

        MessageDigest sha512 = sha512();
        sha512.update(HASH1_PREFIX);
        sha512.update(aBytes);
        sha512.update(message);
        sha512.update(z);
        BigInteger r = Scalars.fromLittleEndian(sha512.digest()).mod(EdwardsBridge.Q);
        byte[] bigR = EdwardsBridge.multiplyBase(r).encode();

        sha512.update(bigR);
        sha512.update(publicA);
        sha512.update(message);
        BigInteger h = Scalars.fromLittleEndian(sha512.digest()).mod(EdwardsBridge.Q);
        BigInteger s = r.add(h.multiply(a)).mod(EdwardsBridge.Q);
        Arrays.fill(aBytes, (byte) 0);

        byte[] signature = new byte[SIGNATURE_LENGTH];
        System.arraycopy(bigR, 0, signature, 0, 32);
        System.arraycopy(Scalars.toLittleEndian32(s), 0, signature, 32, 32);
        return signature;
    }

    /**
     * True when {@code signature} is a valid signature of {@code message} by {@code key}. Anything malformed (wrong
     * length, u ≥ p, s ≥ 2^253, a point off the curve) is simply false.
     *
     * <p>As Signal's implementations verify: the top bit of the last byte carries the sign of the Edwards public key
     * (always 0 in an XEdDSA signature, 1 in some made by Signal's older curve25519 signing, which picks the key's
     * real sign instead of negating the scalar); it is moved into the key and cleared from s before the check.
     */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH || message == null) {
            return false;
        }
        BigInteger u = Scalars.fromLittleEndian(key.uNoCopy());
        byte[] sig = signature.clone();
        byte signBit = (byte) (sig[63] & 0x80);
        sig[63] &= 0x7F;
        if (u.compareTo(EdwardsBridge.P) >= 0 || (sig[63] & 0xE0) != 0) {
            return false;
        }
        BigInteger y = EdwardsBridge.edwardsY(u);
        if (y == null) {
            return false;
        }
        byte[] edwardsKey = Scalars.toLittleEndian32(y);
        edwardsKey[31] |= signBit;
        try {
            return Ed25519.verify(sig, 0, edwardsKey, 0, message, 0, message.length);
        } catch (IllegalArgumentException | IllegalStateException notAPoint) {
            return false;
        }
    }

    private static byte[] hash1Prefix() {
        byte[] prefix = new byte[32];
        Arrays.fill(prefix, (byte) 0xFF);
        prefix[0] = (byte) 0xFE;
        return prefix;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-512", e);
        }
    }
}
