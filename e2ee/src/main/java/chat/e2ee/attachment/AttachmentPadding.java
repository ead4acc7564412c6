package chat.e2ee.attachment;

/**
 * The sizes of an attachment on the wire. Signal pads every attachment's plaintext with zeros to the next of a series
 * of buckets 5% apart (and at least 541 bytes) so that the stored size says little about the file: the formula is
 * Signal-Android's {@code PaddingInputStream.getPaddedSize}, kept bit for bit (double arithmetic included) so a blob
 * has the size a Signal client would give it.
 */
public final class AttachmentPadding {
    /** The IV in front of the ciphertext and the HMAC-SHA256 behind it. */
    static final int IV_LENGTH = 16;
    static final int MAC_LENGTH = 32;
    private static final int BLOCK = 16;

    private AttachmentPadding() {
    }

    /** The plaintext size after zero padding: max(541, floor(1.05^ceil(log(n)/log(1.05)))). */
    public static long paddedSize(long plainSize) {
        if (plainSize < 0) {
            throw new IllegalArgumentException("a size is never negative: " + plainSize);
        }
        long bucket = Math.max(541, (long) Math.floor(Math.pow(1.05, Math.ceil(Math.log(plainSize) / Math.log(1.05)))));
        // The double rounding could in theory land a bucket just below n; padding never truncates.
        return Math.max(bucket, plainSize);
    }

    /** The encrypted blob: IV, the padded plaintext with its PKCS#7 padding (1 to 16 bytes), the MAC. */
    public static long blobSize(long plainSize) {
        long padded = paddedSize(plainSize);
        return IV_LENGTH + ciphertextSize(padded) + MAC_LENGTH;
    }

    static long ciphertextSize(long padded) {
        return padded + BLOCK - padded % BLOCK;
    }
}
