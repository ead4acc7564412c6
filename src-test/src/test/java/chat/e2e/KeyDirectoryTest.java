package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import chat.client.ChatApiException;
import chat.client.KeysApi;
import chat.client.KeysApi.SignedPublicPreKey;
import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.curve.Xeddsa;
import chat.model.ErrorCode;
import chat.model.keys.KeyBundles;
import chat.model.keys.KeyCounts;
import chat.model.keys.PreKeyBundle;
import chat.system.ChatSystem;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The key directory through the real system (local stack, functions and broker processes) with the client SDK's
 * {@link KeysApi}: one user's device publishes, another user's device fetches what X3DH needs.
 */
@ExtendWith(SharedSystem.class)
class KeyDirectoryTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private TestUsers users;
    private KeysApi keys;

    @BeforeEach
    void setUp(ChatSystem system) {
        users = new TestUsers(system);
        keys = new KeysApi(users.api());
    }

    @Test
    void anotherUsersDeviceFetchesTheBundleThatWasPublishedAndItsOneTimePrekeyOnlyOnce() {
        TestUsers.User bob = users.register("bob");
        TestUsers.User alice = users.register("alice");
        KeyPair identity = KeyPair.generate(RANDOM);
        KeyPair signed = KeyPair.generate(RANDOM);
        byte[] signature = Xeddsa.sign(identity.privateKey(), signed.publicKey().serialize(), RANDOM);
        Map<Integer, PublicKey> oneTime = new LinkedHashMap<>();
        oneTime.put(1, KeyPair.generate(RANDOM).publicKey());
        oneTime.put(2, KeyPair.generate(RANDOM).publicKey());

        KeyCounts counts = keys.publish(bob.device().credential(), identity.publicKey(), 1234,
                new SignedPublicPreKey(5, signed.publicKey(), signature), oneTime);
        assertThat(counts.oneTimePreKeys()).isEqualTo(2);

        KeyBundles first = keys.bundles(alice.device().credential(), bob.userId());
        assertThat(first.devices()).hasSize(1);
        PreKeyBundle b = first.devices().get(0);
        assertThat(KeysApi.verified(b)).isTrue();
        assertThat(b.deviceId()).isEqualTo(bob.device().deviceId());
        assertThat(PublicKey.decode(b.identityKeyBytes())).isEqualTo(identity.publicKey());
        assertThat(PublicKey.decode(b.signedPreKey().publicKeyBytes())).isEqualTo(signed.publicKey());
        assertThat(PublicKey.decode(b.oneTimePreKey().publicKeyBytes())).isEqualTo(oneTime.get(1));

        PreKeyBundle second = keys.bundle(alice.device().credential(), bob.userId(), bob.device().deviceId());
        assertThat(second.oneTimePreKey().keyId()).isEqualTo(2);
        PreKeyBundle third = keys.bundle(alice.device().credential(), bob.userId(), bob.device().deviceId());
        assertThat(third.lastResort()).isTrue();
        assertThat(third.oneTimePreKey()).isNull();
        assertThat(keys.counts(bob.device().credential()).oneTimePreKeys()).isZero();
    }

    @Test
    void aSignedPrekeySignedByAnotherIdentityIsRefusedAsBadSignature() {
        TestUsers.User bob = users.register("bob");
        KeyPair signed = KeyPair.generate(RANDOM);
        byte[] byStranger = Xeddsa.sign(KeyPair.generate(RANDOM).privateKey(), signed.publicKey().serialize(), RANDOM);
        Throwable thrown = catchThrowable(() -> keys.publish(bob.device().credential(),
                KeyPair.generate(RANDOM).publicKey(), 77, new SignedPublicPreKey(1, signed.publicKey(), byStranger),
                Map.of()));
        assertThat(thrown).isInstanceOf(ChatApiException.class);
        ChatApiException refused = (ChatApiException) thrown;
        assertThat(refused.code()).isEqualTo(ErrorCode.BAD_SIGNATURE);
        assertThat(refused.httpStatus()).isEqualTo(400);
    }
}
