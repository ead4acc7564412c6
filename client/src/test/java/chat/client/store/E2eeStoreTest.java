package chat.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.messaging.ConversationCrypto;
import chat.e2ee.messaging.PreKeys;
import chat.e2ee.session.Address;
import chat.e2ee.session.Decryption;
import chat.e2ee.session.PreKeyBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end encryption state survives a restart: keys, sessions and Sender Keys come back from the file. */
class E2eeStoreTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CHAT = "dm.ualice.ubob";
    private static final Address ALICE = new Address("ualice", "dlaptop");
    private static final Address BOB = new Address("ubob", "dphone");

    @TempDir
    Path dir;

    @Test
    void aConversationContinuesAcrossRestartsOfBothDevices() {
        Path aliceDir = dir.resolve("alice");
        Path bobDir = dir.resolve("bob");
        PreKeyBundle bobBundle;
        try (LocalStore bob = LocalStore.open(bobDir)) {
            bobBundle = publish(bob.e2ee());
        }
        try (LocalStore alice = LocalStore.open(aliceDir)) {
            publish(alice.e2ee());
        }
        byte[] first;
        byte[] second;
        ConversationCrypto.Outgoing outgoing;
        try (LocalStore alice = LocalStore.open(aliceDir)) {
            ConversationCrypto crypto = crypto(alice, ALICE, bobBundle);
            outgoing = crypto.encrypt(CHAT, List.of(BOB), bytes("before the restart"));
            crypto.delivered(outgoing);
            first = outgoing.body();
        }
        try (LocalStore bob = LocalStore.open(bobDir)) {
            ConversationCrypto crypto = crypto(bob, BOB, null);
            assertThat(crypto.receive(ALICE, outgoing.envelopes().get(0).ciphertext()))
                    .isInstanceOf(ConversationCrypto.Incoming.SenderKeyArrived.class);
        }
        try (LocalStore alice = LocalStore.open(aliceDir)) {
            ConversationCrypto.Outgoing later = crypto(alice, ALICE, bobBundle).encrypt(CHAT, List.of(BOB),
                    bytes("after the restart"));
            assertThat(later.envelopes()).isEmpty();
            second = later.body();
        }
        try (LocalStore bob = LocalStore.open(bobDir)) {
            ConversationCrypto crypto = crypto(bob, BOB, null);
            assertThat(text(crypto.decrypt(CHAT, ALICE, second))).isEqualTo("after the restart");
            assertThat(text(crypto.decrypt(CHAT, ALICE, first))).isEqualTo("before the restart");
            assertThat(crypto.decrypt(CHAT, ALICE, first)).isInstanceOf(Decryption.Failed.class);
        }
    }

    @Test
    void aUsedOneTimePrekeyIsGoneAfterTheRestart() {
        PreKeyBundle bundle;
        try (LocalStore bob = LocalStore.open(dir)) {
            bundle = publish(bob.e2ee());
            assertThat(bob.e2ee().oneTimePreKey(bundle.oneTimePreKeyId().getAsInt())).isPresent();
        }
        try (LocalStore alice = LocalStore.open(dir.resolve("alice"))) {
            publish(alice.e2ee());
            ConversationCrypto.Outgoing out = crypto(alice, ALICE, bundle).encrypt(CHAT, List.of(BOB), bytes("x"));
            try (LocalStore bob = LocalStore.open(dir)) {
                crypto(bob, BOB, null).receive(ALICE, out.envelopes().get(0).ciphertext());
            }
        }
        try (LocalStore bob = LocalStore.open(dir)) {
            assertThat(bob.e2ee().oneTimePreKey(bundle.oneTimePreKeyId().getAsInt())).isEmpty();
            assertThat(bob.e2ee().knownIdentity("ualice")).isPresent();
        }
    }

    @Test
    void theIdentityIsSetOnceAndAChangedPeerIdentityNeedsAcceptance() {
        try (LocalStore store = LocalStore.open(dir)) {
            KeyPair identity = KeyPair.generate(RANDOM);
            store.e2ee().setIdentity(identity, 7);
            store.e2ee().setIdentity(identity, 7);
            assertThatThrownBy(() -> store.e2ee().setIdentity(KeyPair.generate(RANDOM), 8))
                    .isInstanceOf(IllegalStateException.class);

            KeyPair bobsKey = KeyPair.generate(RANDOM);
            KeyPair bobsNewKey = KeyPair.generate(RANDOM);
            store.e2ee().saveIdentity(BOB, bobsKey.publicKey());
            store.e2ee().markVerified("ubob", bobsKey.publicKey());
            assertThat(store.e2ee().isVerified("ubob")).isTrue();
            assertThat(store.e2ee().isTrustedIdentity(new Address("ubob", "dother"), bobsNewKey.publicKey())).isFalse();
            store.e2ee().acceptChangedIdentity("ubob", bobsNewKey.publicKey());
            assertThat(store.e2ee().isTrustedIdentity(BOB, bobsNewKey.publicKey())).isTrue();
            assertThat(store.e2ee().isVerified("ubob")).isFalse();
        }
    }

    @Test
    void aSenderKeysFirstUseIsRecordedOnceAndKeptAcrossRestarts() {
        try (LocalStore store = LocalStore.open(dir)) {
            assertThat(store.e2ee().senderKeyFirstUsed("gclub", 7)).isEmpty();
            store.e2ee().recordSenderKeyFirstUse("gclub", 7, 1_000);
            store.e2ee().recordSenderKeyFirstUse("gclub", 7, 5_000);
            store.e2ee().recordSenderKeyFirstUse("gclub", 8, 5_000);
            assertThat(store.e2ee().senderKeyFirstUsed("gclub", 7)).hasValue(1_000);
            assertThat(store.e2ee().senderKeyFirstUsed("gclub", 8)).hasValue(5_000);
            assertThat(store.e2ee().senderKeyFirstUsed("gother", 7)).isEmpty();
        }
        try (LocalStore store = LocalStore.open(dir)) {
            assertThat(store.e2ee().senderKeyFirstUsed("gclub", 7)).hasValue(1_000);
        }
    }

    private static PreKeyBundle publish(E2eeStore store) {
        KeyPair identity = KeyPair.generate(RANDOM);
        store.setIdentity(identity, 1 + RANDOM.nextInt(16380));
        PreKeys.Signed signed = PreKeys.signed(identity, 1, RANDOM);
        store.addSignedPreKey(signed, System.currentTimeMillis());
        PreKeys.OneTime oneTime = PreKeys.oneTime(store.lastOneTimePreKeyId() + 1, 1, RANDOM).get(0);
        store.addOneTimePreKey(oneTime);
        return new PreKeyBundle(store.localRegistrationId(), identity.publicKey(), signed.id(),
                signed.keyPair().publicKey(), signed.signature(), OptionalInt.of(oneTime.id()),
                Optional.of(oneTime.keyPair().publicKey()));
    }

    private static ConversationCrypto crypto(LocalStore store, Address self, PreKeyBundle peerBundle) {
        return new ConversationCrypto(self, store.e2ee(), store.e2ee(), store.e2ee(),
                device -> Optional.ofNullable(peerBundle), RANDOM);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Decryption result) {
        assertThat(result).isInstanceOf(Decryption.Plaintext.class);
        return new String(((Decryption.Plaintext) result).bytes(), StandardCharsets.UTF_8);
    }
}
