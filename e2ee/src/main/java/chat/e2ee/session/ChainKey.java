package chat.e2ee.session;

import chat.e2ee.primitives.Hkdf;
import chat.e2ee.primitives.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A sending or receiving chain of the Double Ratchet (Signal's symmetric-key ratchet, HMAC-SHA256 based). */
record ChainKey(byte[] key, int index) {
    private static final byte[] MESSAGE_KEY_SEED = {0x01};
    private static final byte[] CHAIN_KEY_SEED = {0x02};
    private static final byte[] MESSAGE_KEYS_INFO = "WhisperMessageKeys".getBytes(StandardCharsets.US_ASCII);

    ChainKey next() {
        return new ChainKey(Hmac.sha256(key, CHAIN_KEY_SEED), index + 1);
    }

    MessageKeys messageKeys() {
        byte[] material = Hkdf.derive(Hmac.sha256(key, MESSAGE_KEY_SEED), null, MESSAGE_KEYS_INFO, 80);
        return new MessageKeys(Arrays.copyOfRange(material, 0, 32), Arrays.copyOfRange(material, 32, 64),
                Arrays.copyOfRange(material, 64, 80), index);
    }
}
