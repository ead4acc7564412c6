package chat.e2ee.linking;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProvisioningCipherTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final KeyPair newDevice = KeyPair.generate(RANDOM);
    private final byte[] secrets = "account identity key and chains".getBytes(StandardCharsets.UTF_8);

    @Test
    void theNewDeviceDecryptsWhatWasEncryptedToItsProvisioningKey() {
        byte[] envelope = ProvisioningCipher.encrypt(newDevice.publicKey(), secrets, RANDOM);
        assertThat(ProvisioningCipher.decrypt(newDevice, envelope)).hasValueSatisfying(
                plaintext -> assertThat(plaintext).isEqualTo(secrets));
    }

    @Test
    void anyOtherKeyGetsNothing() {
        byte[] envelope = ProvisioningCipher.encrypt(newDevice.publicKey(), secrets, RANDOM);
        assertThat(ProvisioningCipher.decrypt(KeyPair.generate(RANDOM), envelope)).isEmpty();
    }

    @Test
    void everyFlippedByteIsRefused() {
        byte[] envelope = ProvisioningCipher.encrypt(newDevice.publicKey(), secrets, RANDOM);
        for (int i = 0; i < envelope.length; i++) {
            byte[] tampered = envelope.clone();
            tampered[i] ^= 0x10;
            assertThat(ProvisioningCipher.decrypt(newDevice, tampered)).as("byte %d", i).isEmpty();
        }
        assertThat(ProvisioningCipher.decrypt(newDevice, Arrays.copyOf(envelope, envelope.length - 1))).isEmpty();
        assertThat(ProvisioningCipher.decrypt(newDevice, new byte[0])).isEmpty();
    }
}
