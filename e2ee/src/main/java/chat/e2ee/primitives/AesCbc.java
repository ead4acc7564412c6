package chat.e2ee.primitives;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-CBC with PKCS#7 padding, as Signal's version-3 messages use it. Always behind a MAC or a signature that is
 * checked first, so a padding failure here is never an oracle: it only says the ciphertext was bad.
 */
public final class AesCbc {
    private AesCbc() {
    }

    public static byte[] encrypt(byte[] key, byte[] iv, byte[] plaintext) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, key, iv).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC encryption failed", e);
        }
    }

    /** Empty when the ciphertext is not a whole number of blocks or its padding is wrong. */
    public static Optional<byte[]> decrypt(byte[] key, byte[] iv, byte[] ciphertext) {
        try {
            return Optional.of(cipher(Cipher.DECRYPT_MODE, key, iv).doFinal(ciphertext));
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is unavailable", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher;
    }
}
