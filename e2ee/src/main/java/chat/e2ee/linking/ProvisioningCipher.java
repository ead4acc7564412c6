package chat.e2ee.linking;

import chat.e2ee.curve.InvalidKeyException;
import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.primitives.AesCbc;
import chat.e2ee.primitives.Hkdf;
import chat.e2ee.primitives.Hmac;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Signal's device-provisioning encryption, the channel an approving device uses to hand a new device the account's
 * secrets: an ephemeral X25519 agreement with the new device's provisioning key, HKDF-SHA256 ("TextSecure
 * Provisioning Message") into an AES-256 key and an HMAC-SHA256 key, then {@code 0x01 ‖ iv ‖ AES-CBC ciphertext ‖ MAC}
 * inside an envelope that carries the ephemeral public key.
 */
public final class ProvisioningCipher {
    private static final byte VERSION = 1;
    private static final byte[] INFO = "TextSecure Provisioning Message".getBytes(StandardCharsets.US_ASCII);
    private static final int IV = 16;
    private static final int MAC = 32;

    private ProvisioningCipher() {
    }

    /** The envelope for {@code provisioningKey}: {@code {1: ephemeral public key, 2: body}} in protobuf. */
    public static byte[] encrypt(PublicKey provisioningKey, byte[] plaintext, SecureRandom random) {
        KeyPair ephemeral = KeyPair.generate(random);
        byte[][] keys = keys(ephemeral.privateKey().agree(provisioningKey));
        byte[] iv = new byte[IV];
        random.nextBytes(iv);
        byte[] ciphertext = AesCbc.encrypt(keys[0], iv, plaintext);
        byte[] unsigned = new byte[1 + IV + ciphertext.length];
        unsigned[0] = VERSION;
        System.arraycopy(iv, 0, unsigned, 1, IV);
        System.arraycopy(ciphertext, 0, unsigned, 1 + IV, ciphertext.length);
        byte[] body = Arrays.copyOf(unsigned, unsigned.length + MAC);
        System.arraycopy(Hmac.sha256(keys[1], unsigned), 0, body, unsigned.length, MAC);
        return new ProtoWriter().bytes(1, ephemeral.publicKey().serialize()).bytes(2, body).toByteArray();
    }

    /** The plaintext, or empty when the envelope is malformed, of another version, or fails its MAC. */
    public static Optional<byte[]> decrypt(KeyPair provisioningKey, byte[] envelope) {
        try {
            ProtoReader proto = ProtoReader.parse(envelope);
            byte[] ephemeral = proto.bytes(1);
            byte[] body = proto.bytes(2);
            if (ephemeral == null || body == null || body.length < 1 + IV + 16 + MAC || body[0] != VERSION) {
                return Optional.empty();
            }
            byte[][] keys = keys(provisioningKey.privateKey().agree(PublicKey.decode(ephemeral)));
            byte[] unsigned = Arrays.copyOf(body, body.length - MAC);
            byte[] mac = Arrays.copyOfRange(body, body.length - MAC, body.length);
            if (!MessageDigest.isEqual(mac, Hmac.sha256(keys[1], unsigned))) {
                return Optional.empty();
            }
            return AesCbc.decrypt(keys[0], Arrays.copyOfRange(unsigned, 1, 1 + IV),
                    Arrays.copyOfRange(unsigned, 1 + IV, unsigned.length));
        } catch (InvalidMessageException | InvalidKeyException malformed) {
            return Optional.empty();
        }
    }

    private static byte[][] keys(byte[] shared) {
        byte[] derived = Hkdf.derive(shared, null, INFO, 64);
        return new byte[][] {Arrays.copyOfRange(derived, 0, 32), Arrays.copyOfRange(derived, 32, 64)};
    }
}
