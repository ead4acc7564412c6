package chat.e2ee.linking;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.wire.ProtoWriter;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountProvisionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final KeyPair provisioningKey = KeyPair.generate(RANDOM);
    private final AccountProvision provision = new AccountProvision("u0123456789abcdef", KeyPair.generate(RANDOM),
            "d0123456789abcdef", List.of(new AccountProvision.HistoryKey("g0123456789abcdef", "u1123456789abcdef",
                    "d1123456789abcdef", new byte[] {1, 2, 3})));

    @Test
    void theNewDeviceOpensTheAccountIdentitySealedToItsLinkCode() {
        assertThat(AccountProvision.open(provisioningKey, provision.seal(provisioningKey.publicKey(), RANDOM)))
                .hasValue(provision);
    }

    @Test
    void aProvisionSealedToAnotherLinkCodeDoesNotOpen() {
        byte[] sealed = provision.seal(KeyPair.generate(RANDOM).publicKey(), RANDOM);
        assertThat(AccountProvision.open(provisioningKey, sealed)).isEmpty();
    }

    @Test
    void anAlteredProvisionDoesNotOpen() {
        byte[] sealed = provision.seal(provisioningKey.publicKey(), RANDOM);
        sealed[sealed.length / 2] ^= 1;
        assertThat(AccountProvision.open(provisioningKey, sealed)).isEmpty();
    }

    @Test
    void anIdentityWhosePublicHalfIsNotItsPrivateOnesIsRefused() {
        byte[] plain = new ProtoWriter().bytes(1, "signal-v3".getBytes())
                .bytes(2, KeyPair.generate(RANDOM).publicKey().serialize())
                .bytes(3, provision.identity().privateKey().bytes())
                .bytes(4, provision.userId().getBytes()).bytes(5, provision.approverDeviceId().getBytes())
                .toByteArray();
        byte[] sealed = ProvisioningCipher.encrypt(provisioningKey.publicKey(), plain, RANDOM);
        assertThat(AccountProvision.open(provisioningKey, sealed)).isEmpty();
    }

    @Test
    void aProvisionOfAnUnknownSuiteIsRefused() {
        byte[] plain = new ProtoWriter().bytes(1, "signal-v9".getBytes())
                .bytes(2, provision.identity().publicKey().serialize())
                .bytes(3, provision.identity().privateKey().bytes())
                .bytes(4, provision.userId().getBytes()).bytes(5, provision.approverDeviceId().getBytes())
                .toByteArray();
        assertThat(AccountProvision.open(provisioningKey,
                ProvisioningCipher.encrypt(provisioningKey.publicKey(), plain, RANDOM))).isEmpty();
    }
}
