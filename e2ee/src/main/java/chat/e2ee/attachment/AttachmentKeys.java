package chat.e2ee.attachment;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The secrets of one attachment, as Signal's attachment pointers carry them: a 64-byte key (32 bytes of AES-256 key
 * followed by 32 bytes of HMAC-SHA256 key) and the 16-byte CBC IV the sender chose. The IV also travels at the head of
 * the blob; it is kept here so that an interrupted upload can re-create exactly the same blob.
 */
public record AttachmentKeys(byte[] key, byte[] iv) {
    public static final int KEY_LENGTH = 64;
    public static final int IV_LENGTH = 16;

    public AttachmentKeys {
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an attachment key is " + KEY_LENGTH + " bytes");
        }
        if (iv == null || iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("an attachment IV is " + IV_LENGTH + " bytes");
        }
        key = key.clone();
        iv = iv.clone();
    }

    public static AttachmentKeys random(SecureRandom random) {
        byte[] key = new byte[KEY_LENGTH];
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(key);
        random.nextBytes(iv);
        return new AttachmentKeys(key, iv);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] iv() {
        return iv.clone();
    }

    byte[] aesKey() {
        return Arrays.copyOfRange(key, 0, 32);
    }

    byte[] macKey() {
        return Arrays.copyOfRange(key, 32, 64);
    }

    // Records compare arrays by identity; two key sets are equal when their bytes are.
    @Override
    public boolean equals(Object o) {
        return o instanceof AttachmentKeys other && Arrays.equals(key, other.key) && Arrays.equals(iv, other.iv);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(iv);
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "AttachmentKeys[redacted]";
    }
}
