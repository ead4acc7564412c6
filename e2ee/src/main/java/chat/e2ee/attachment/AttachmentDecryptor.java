package chat.e2ee.attachment;

import chat.e2ee.attachment.AttachmentIntegrityException.Reason;
import chat.e2ee.content.AttachmentPointer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.Mac;

/**
 * Decrypts a downloaded attachment blob in one streaming pass. The blob must be exactly
 * {@link AttachmentPadding#blobSize(long) blobSize(plainSize)} bytes, its HMAC must match and (when the pointer gives
 * one) its SHA-256 must be the expected digest; only the first {@code plainSize} bytes of the padded plaintext are
 * written.
 *
 * <p>The MAC covers the whole blob, so it can only be checked at the end: {@link #decrypt} has by then written
 * unverified plaintext. {@link #decryptToFile} is the form to use: it writes a {@code .part} file beside the target
 * and moves it into place only once everything checked out, deleting it otherwise.
 */
public final class AttachmentDecryptor {
    private static final int CHUNK = 64 * 1024;

    private AttachmentDecryptor() {
    }

    /**
     * Decrypts the attachment a message points to into {@code target} (see the other {@code decryptToFile}). A
     * pointer whose blob size is not that of a blob of its plaintext size is refused before anything is read.
     */
    public static void decryptToFile(InputStream blob, Path target, AttachmentPointer pointer)
            throws IOException, AttachmentIntegrityException {
        long expected = AttachmentPadding.blobSize(pointer.size());
        if (pointer.blobSize() != expected) {
            throw new AttachmentIntegrityException(pointer.blobSize() > expected ? Reason.TOO_LONG : Reason.TRUNCATED,
                    "the pointer says " + pointer.blobSize() + " bytes; a blob of " + pointer.size()
                            + " plaintext bytes is " + expected);
        }
        decryptToFile(blob, target, pointer.key(), pointer.size(), pointer.digest());
    }

    /**
     * Decrypts into {@code target}, which exists afterwards only if the blob verified (replacing an earlier file).
     *
     * @param key            the pointer's 64-byte key
     * @param plainSize      the pointer's plaintext size
     * @param expectedDigest the pointer's SHA-256 of the blob, or null to rely on the MAC alone
     */
    public static void decryptToFile(InputStream blob, Path target, byte[] key, long plainSize, byte[] expectedDigest)
            throws IOException, AttachmentIntegrityException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                decrypt(blob, out, key, plainSize, expectedDigest);
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    /**
     * Streams the plaintext to {@code out}. Whatever was written is unverified until this returns normally; on an
     * exception the caller discards it.
     */
    public static void decrypt(InputStream blob, OutputStream out, byte[] key, long plainSize, byte[] expectedDigest)
            throws IOException, AttachmentIntegrityException {
        if (key == null || key.length != AttachmentKeys.KEY_LENGTH) {
            throw new IllegalArgumentException("an attachment key is " + AttachmentKeys.KEY_LENGTH + " bytes");
        }
        if (expectedDigest != null && expectedDigest.length != 32) {
            throw new IllegalArgumentException("an attachment digest is 32 bytes");
        }
        long blobSize = AttachmentPadding.blobSize(plainSize);
        MessageDigest sha256 = AttachmentCrypto.sha256();
        Mac mac = AttachmentCrypto.mac(Arrays.copyOfRange(key, 32, 64));

        byte[] iv = readFully(blob, AttachmentPadding.IV_LENGTH, 0, blobSize);
        sha256.update(iv);
        mac.update(iv);
        Cipher cipher = AttachmentCrypto.cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(key, 0, 32), iv);

        PlaintextSink sink = new PlaintextSink(out, plainSize);
        long remaining = blobSize - AttachmentPadding.IV_LENGTH - AttachmentPadding.MAC_LENGTH;
        byte[] chunk = new byte[CHUNK];
        while (remaining > 0) {
            int n = blob.read(chunk, 0, (int) Math.min(CHUNK, remaining));
            if (n < 0) {
                throw truncated(blobSize - AttachmentPadding.MAC_LENGTH - remaining, blobSize);
            }
            remaining -= n;
            sha256.update(chunk, 0, n);
            mac.update(chunk, 0, n);
            sink.write(cipher.update(chunk, 0, n));
        }
        byte[] tag = readFully(blob, AttachmentPadding.MAC_LENGTH, blobSize - AttachmentPadding.MAC_LENGTH, blobSize);
        sha256.update(tag);
        if (blob.read() >= 0) {
            throw new AttachmentIntegrityException(Reason.TOO_LONG, "the blob is longer than " + blobSize + " bytes");
        }
        if (!MessageDigest.isEqual(mac.doFinal(), tag)) {
            throw new AttachmentIntegrityException(Reason.BAD_MAC, "the attachment's MAC does not match");
        }
        if (expectedDigest != null && !MessageDigest.isEqual(sha256.digest(), expectedDigest)) {
            throw new AttachmentIntegrityException(Reason.BAD_DIGEST, "the blob's SHA-256 is not the pointer's");
        }
        // Only after the MAC: a padding check on unauthenticated data would be an oracle.
        try {
            sink.write(cipher.doFinal());
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new AttachmentIntegrityException(Reason.BAD_PADDING, "the CBC padding is wrong");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is unavailable", e);
        }
        if (sink.written < plainSize) {
            throw new AttachmentIntegrityException(Reason.BAD_PADDING,
                    "the blob holds " + sink.written + " of " + plainSize + " plaintext bytes");
        }
    }

    private static byte[] readFully(InputStream in, int n, long at, long blobSize)
            throws IOException, AttachmentIntegrityException {
        byte[] out = in.readNBytes(n);
        if (out.length < n) {
            throw truncated(at + out.length, blobSize);
        }
        return out;
    }

    private static AttachmentIntegrityException truncated(long got, long blobSize) {
        return new AttachmentIntegrityException(Reason.TRUNCATED,
                "the blob ended after " + got + " of " + blobSize + " bytes");
    }

    /** Passes on the plaintext up to its declared size and drops the zero padding after it. */
    private static final class PlaintextSink {
        private final OutputStream out;
        private final long plainSize;
        private long written;

        PlaintextSink(OutputStream out, long plainSize) {
            this.out = out;
            this.plainSize = plainSize;
        }

        void write(byte[] plaintext) throws IOException {
            if (plaintext == null) {
                return;
            }
            int n = (int) Math.max(0, Math.min(plaintext.length, plainSize - written));
            out.write(plaintext, 0, n);
            written += plaintext.length;
        }
    }
}
