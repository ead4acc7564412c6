package chat.e2ee.attachment;

/**
 * A downloaded attachment blob that must not be shown: whatever plaintext was written while reading it is unverified
 * and has to be thrown away (as {@link AttachmentDecryptor#decryptToFile} does).
 */
public final class AttachmentIntegrityException extends Exception {
    public enum Reason {
        /** The HMAC over IV and ciphertext does not match: the blob was altered or the key is wrong. */
        BAD_MAC,
        /** The SHA-256 of the blob is not the one the attachment pointer names. */
        BAD_DIGEST,
        /** The blob ended before its expected size. */
        TRUNCATED,
        /** The blob goes on past its expected size. */
        TOO_LONG,
        /** The MAC matched but the CBC padding is wrong or leaves less plaintext than the pointer says. */
        BAD_PADDING
    }

    private final Reason reason;

    public AttachmentIntegrityException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
