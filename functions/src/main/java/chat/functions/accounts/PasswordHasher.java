package chat.functions.accounts;

import chat.functions.ChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Account passwords: PBKDF2-HMAC-SHA256 from the JDK, salted, with the iteration count stored in the hash so it can
 * be raised later. Format: {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}.
 */
@ApplicationScoped
public class PasswordHasher {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Counted so that tests and operators can see that throttled logins never reach PBKDF2. */
    private static final LongAdder DERIVATIONS = new LongAdder();
    private final int iterations;

    public PasswordHasher(ChatConfig config) {
        this.iterations = config.auth().passwordIterations();
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + iterations + "$" + b64(salt) + "$" + b64(derive(password, salt, iterations));
    }

    public boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** PBKDF2 derivations this process has run. */
    public static long derivations() {
        return DERIVATIONS.sum();
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        DERIVATIONS.increment();
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 unavailable", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
