package chat.e2ee.fingerprint;

import chat.e2ee.curve.PublicKey;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The safety number of two users, computed as Signal computes it ({@code NumericFingerprintGenerator}, 5,200
 * iterations of SHA-512 starting from version, identity key and stable identifier — here the user id): 60 digits that are the
 * same on both sides, and a scannable form (Signal's {@code CombinedFingerprints}) a device compares with its own.
 * If either identity key changes, the number changes.
 */
public final class SafetyNumber {
    static final int ITERATIONS = 5200;
    /** The scannable form's version: 0 for identifiers that are not Signal's ACI UUIDs. */
    static final int SCANNABLE_VERSION = 0;
    private static final byte[] FINGERPRINT_VERSION = {0, 0};

    private final byte[] localFingerprint;
    private final byte[] remoteFingerprint;
    private final String digits;

    private SafetyNumber(byte[] localFingerprint, byte[] remoteFingerprint) {
        this.localFingerprint = localFingerprint;
        this.remoteFingerprint = remoteFingerprint;
        String local = displayDigits(localFingerprint);
        String remote = displayDigits(remoteFingerprint);
        this.digits = local.compareTo(remote) <= 0 ? local + remote : remote + local;
    }

    public static SafetyNumber of(String localUserId, PublicKey localIdentity, String remoteUserId,
            PublicKey remoteIdentity) {
        return new SafetyNumber(fingerprint(localUserId, localIdentity), fingerprint(remoteUserId, remoteIdentity));
    }

    /** The 60 digits, the same on both devices. */
    public String digits() {
        return digits;
    }

    /** The digits in twelve groups of five, as people read them out to each other. */
    public String display() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 5) {
            out.append(i == 0 ? "" : (i % 20 == 0 ? "\n" : " ")).append(digits, i, i + 5);
        }
        return out.toString();
    }

    /** What this device shows as a QR code: its own fingerprint first. */
    public byte[] scannable() {
        return scannable(localFingerprint, remoteFingerprint);
    }

    /** True when {@code scanned} is the other device's QR code for the same two keys (its sides swapped). */
    public boolean matchesScanned(byte[] scanned) {
        try {
            ProtoReader combined = ProtoReader.parse(scanned);
            if (combined.uint32(1, -1) != SCANNABLE_VERSION || !combined.has(2) || !combined.has(3)) {
                return false;
            }
            byte[] theirLocal = ProtoReader.parse(combined.bytes(2)).bytes(1);
            byte[] theirRemote = ProtoReader.parse(combined.bytes(3)).bytes(1);
            return theirLocal != null && theirRemote != null
                    && MessageDigest.isEqual(theirLocal, Arrays.copyOf(remoteFingerprint, 32))
                    && MessageDigest.isEqual(theirRemote, Arrays.copyOf(localFingerprint, 32));
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    private static byte[] scannable(byte[] local, byte[] remote) {
        return new ProtoWriter()
                .uint32(1, SCANNABLE_VERSION)
                .bytes(2, new ProtoWriter().bytes(1, Arrays.copyOf(local, 32)).toByteArray())
                .bytes(3, new ProtoWriter().bytes(1, Arrays.copyOf(remote, 32)).toByteArray())
                .toByteArray();
    }

    private static byte[] fingerprint(String userId, PublicKey identity) {
        byte[] key = identity.serialize();
        byte[] id = userId.getBytes(StandardCharsets.UTF_8);
        byte[] hash = new byte[FINGERPRINT_VERSION.length + key.length + id.length];
        System.arraycopy(FINGERPRINT_VERSION, 0, hash, 0, FINGERPRINT_VERSION.length);
        System.arraycopy(key, 0, hash, FINGERPRINT_VERSION.length, key.length);
        System.arraycopy(id, 0, hash, FINGERPRINT_VERSION.length + key.length, id.length);
        MessageDigest sha512 = sha512();
        for (int i = 0; i < ITERATIONS; i++) {
            sha512.update(hash);
            sha512.update(key);
            hash = sha512.digest();
        }
        return hash;
    }

    private static String displayDigits(byte[] fingerprint) {
        StringBuilder out = new StringBuilder();
        for (int offset = 0; offset < 30; offset += 5) {
            long chunk = 0;
            for (int i = 0; i < 5; i++) {
                chunk = (chunk << 8) | (fingerprint[offset + i] & 0xFF);
            }
            out.append(String.format("%05d", chunk % 100000));
        }
        return out.toString();
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-512", e);
        }
    }
}
