package chat.e2ee.content;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a message says about one attachment: where the encrypted blob is ({@code attachmentId}, the server's name for
 * it), how to open and check it ({@code key}, {@code digest} = SHA-256 of the blob), and what it is. Everything here
 * came from another device, so the constructor refuses anything a client could mishandle: a file name that is a path,
 * a thumbnail too big to hold in memory, sizes a JavaScript number cannot hold exactly (the TypeScript library reads
 * the same content).
 *
 * @param size       plaintext bytes
 * @param fileName   the sender's file name, a bare name, or null
 * @param width      pixels, or null (images and videos)
 * @param height     pixels, or null
 * @param durationMs milliseconds, or null (audio and video)
 * @param thumbnail  a small JPEG, or null
 * @param blobSize   bytes of the encrypted blob on the server (the upload's size)
 */
public record AttachmentPointer(String attachmentId, byte[] key, byte[] digest, long size, String contentType,
        String fileName, Integer width, Integer height, Long durationMs, byte[] thumbnail, long blobSize) {
    public static final Pattern ATTACHMENT_ID = Pattern.compile("att_[A-Za-z0-9_-]{22}");
    public static final int KEY_LENGTH = 64;
    public static final int DIGEST_LENGTH = 32;
    public static final int MAX_CONTENT_TYPE = 127;
    public static final int MAX_FILE_NAME = 255;
    public static final int MAX_THUMBNAIL = 64 * 1024;
    /** 2^53 - 1: the largest integer both libraries hold exactly. */
    public static final long MAX_SIZE = (1L << 53) - 1;

    public AttachmentPointer {
        if (attachmentId == null || !ATTACHMENT_ID.matcher(attachmentId).matches()) {
            throw new IllegalArgumentException("not an attachment id: " + attachmentId);
        }
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an attachment key is " + KEY_LENGTH + " bytes");
        }
        if (digest == null || digest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("an attachment digest is " + DIGEST_LENGTH + " bytes");
        }
        requireSize("size", size);
        requireSize("blobSize", blobSize);
        if (contentType == null || contentType.isBlank() || contentType.length() > MAX_CONTENT_TYPE) {
            throw new IllegalArgumentException("a content type is 1 to " + MAX_CONTENT_TYPE + " characters");
        }
        if (fileName != null && !isBareFileName(fileName)) {
            throw new IllegalArgumentException("not a bare file name of at most " + MAX_FILE_NAME + " characters");
        }
        if (width != null && width < 0 || height != null && height < 0) {
            throw new IllegalArgumentException("image dimensions are never negative");
        }
        if (durationMs != null && (durationMs < 0 || durationMs > MAX_SIZE)) {
            throw new IllegalArgumentException("a duration is 0 to 2^53 - 1 ms");
        }
        if (thumbnail != null && thumbnail.length > MAX_THUMBNAIL) {
            throw new IllegalArgumentException("a thumbnail is at most " + MAX_THUMBNAIL + " bytes");
        }
        key = key.clone();
        digest = digest.clone();
        thumbnail = thumbnail == null ? null : thumbnail.clone();
    }

    /** A receiving client saves the file under this name: nothing that walks out of its folder. */
    private static boolean isBareFileName(String name) {
        return !name.isEmpty() && name.length() <= MAX_FILE_NAME && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }

    private static void requireSize(String what, long value) {
        if (value < 0 || value > MAX_SIZE) {
            throw new IllegalArgumentException(what + " is 0 to 2^53 - 1: " + value);
        }
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public byte[] thumbnail() {
        return thumbnail == null ? null : thumbnail.clone();
    }

    // Records compare arrays by identity; pointers are equal when their bytes are.
    @Override
    public boolean equals(Object o) {
        return o instanceof AttachmentPointer p && attachmentId.equals(p.attachmentId) && Arrays.equals(key, p.key)
                && Arrays.equals(digest, p.digest) && size == p.size && contentType.equals(p.contentType)
                && Objects.equals(fileName, p.fileName) && Objects.equals(width, p.width)
                && Objects.equals(height, p.height) && Objects.equals(durationMs, p.durationMs)
                && Arrays.equals(thumbnail, p.thumbnail) && blobSize == p.blobSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(attachmentId, Arrays.hashCode(digest), size, contentType, fileName);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "AttachmentPointer[" + attachmentId + ", " + contentType + ", " + size + " bytes, fileName=" + fileName
                + "]";
    }
}
