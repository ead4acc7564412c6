package chat.e2ee.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * Reads as the encrypted blob of a plaintext stream of a declared size: {@code iv ‖ AES-256-CBC/PKCS7(plaintext ‖
 * zeros to paddedSize) ‖ HMAC-SHA256(macKey, iv ‖ ciphertext)}, Signal's attachment format, produced in chunks so a
 * file of any size is never held in memory.
 *
 * <p>The blob is a pure function of keys, IV and plaintext, so a resumed upload opens a new stream over the same file
 * and calls {@link InputStream#skipNBytes(long)} to the first byte the server lacks (the skipped part is encrypted
 * and dropped: CBC cannot start mid-stream without it). {@link #digest()} is the SHA-256 of the whole blob once the
 * stream has been read to its end; it is what the attachment pointer carries.
 *
 * <p>If the source gives fewer or more bytes than declared (the file changed), reading fails with
 * {@link AttachmentSizeMismatchException} rather than producing a blob of another size.
 */
public final class AttachmentEncryptingStream extends InputStream {
    private static final int CHUNK = 64 * 1024;

    private final InputStream source;
    private final long plainSize;
    private final long paddedSize;
    private final Cipher cipher;
    private final Mac mac;
    private final MessageDigest sha256 = AttachmentCrypto.sha256();
    private final byte[] chunk = new byte[CHUNK];

    private byte[] pending;
    private int pendingAt;
    private long consumed; // plaintext and zero padding given to the cipher so far
    private boolean sourceEnded;
    private boolean finished;
    private byte[] digest;

    public AttachmentEncryptingStream(InputStream source, long plainSize, AttachmentKeys keys) {
        if (source == null || keys == null || plainSize < 0) {
            throw new IllegalArgumentException("an attachment stream needs a source, its size and keys");
        }
        this.source = source;
        this.plainSize = plainSize;
        this.paddedSize = AttachmentPadding.paddedSize(plainSize);
        this.cipher = AttachmentCrypto.cipher(Cipher.ENCRYPT_MODE, keys.aesKey(), keys.iv());
        this.mac = AttachmentCrypto.mac(keys.macKey());
        byte[] iv = keys.iv();
        mac.update(iv);
        emit(iv);
    }

    /** The size of the whole blob this stream yields. */
    public long blobSize() {
        return AttachmentPadding.blobSize(plainSize);
    }

    /** SHA-256 of the whole blob. @throws IllegalStateException before the stream was read to its end */
    public byte[] digest() {
        if (digest == null) {
            throw new IllegalStateException("the digest is known once the whole blob was read");
        }
        return digest.clone();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (pending == null || pendingAt == pending.length) {
            if (finished) {
                return -1;
            }
            produce();
        }
        int n = Math.min(len, pending.length - pendingAt);
        System.arraycopy(pending, pendingAt, b, off, n);
        pendingAt += n;
        return n;
    }

    @Override
    public int available() {
        return pending == null ? 0 : pending.length - pendingAt;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** The next piece of the blob: ciphertext of the next chunk, or the final block and the MAC. */
    private void produce() throws IOException {
        if (consumed < plainSize) {
            int want = (int) Math.min(CHUNK, plainSize - consumed);
            int n = source.read(chunk, 0, want);
            if (n < 0) {
                throw new AttachmentSizeMismatchException(
                        "the source ended after " + consumed + " of " + plainSize + " declared bytes");
            }
            consumed += n;
            encrypted(cipher.update(chunk, 0, n));
            return;
        }
        if (!sourceEnded) {
            // A file that grew would give a blob other than the one declared; refuse before the last block.
            if (source.read() >= 0) {
                throw new AttachmentSizeMismatchException("the source has more than " + plainSize + " declared bytes");
            }
            sourceEnded = true;
        }
        if (consumed < paddedSize) {
            int n = (int) Math.min(CHUNK, paddedSize - consumed);
            Arrays.fill(chunk, 0, n, (byte) 0);
            consumed += n;
            encrypted(cipher.update(chunk, 0, n));
            return;
        }
        byte[] last;
        try {
            last = cipher.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC encryption failed", e);
        }
        mac.update(last);
        byte[] tail = Arrays.copyOf(last, last.length + AttachmentPadding.MAC_LENGTH);
        System.arraycopy(mac.doFinal(), 0, tail, last.length, AttachmentPadding.MAC_LENGTH);
        emit(tail);
        digest = sha256.digest();
        finished = true;
    }

    private void encrypted(byte[] ciphertext) {
        if (ciphertext != null) {
            mac.update(ciphertext);
            emit(ciphertext);
        }
    }

    private void emit(byte[] bytes) {
        sha256.update(bytes);
        pending = bytes;
        pendingAt = 0;
    }
}
