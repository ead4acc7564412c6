package chat.e2ee.group;

import chat.e2ee.primitives.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The AES key and IV of one group message, derived from its chain step with HKDF ("WhisperGroup"). */
record SenderMessageKey(int iteration, byte[] iv, byte[] cipherKey) {
    private static final byte[] INFO = "WhisperGroup".getBytes(StandardCharsets.US_ASCII);

    static SenderMessageKey derive(int iteration, byte[] seed) {
        byte[] material = Hkdf.derive(seed, null, INFO, 48);
        return new SenderMessageKey(iteration, Arrays.copyOfRange(material, 0, 16),
                Arrays.copyOfRange(material, 16, 48));
    }
}
