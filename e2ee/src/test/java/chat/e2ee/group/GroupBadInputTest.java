package chat.e2ee.group;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.session.Address;
import chat.e2ee.session.Decryption;
import chat.e2ee.session.Failure;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Group messages that must not decrypt, and what happens to the next good one. */
class GroupBadInputTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SenderKeyName ALICE = new SenderKeyName("gtest", new Address("ualice", "d1"));

    private final InMemorySenderKeyStore aliceStore = new InMemorySenderKeyStore();
    private final GroupSessionBuilder aliceBuilder = new GroupSessionBuilder(aliceStore, RANDOM);
    private final GroupCipher alice = new GroupCipher(aliceStore, RANDOM);
    private final InMemorySenderKeyStore bobStore = new InMemorySenderKeyStore();
    private final GroupSessionBuilder bobBuilder = new GroupSessionBuilder(bobStore, RANDOM);
    private final GroupCipher bob = new GroupCipher(bobStore, RANDOM);

    @Test
    void aMessageBeforeItsSenderKeyArrivedIsNoSenderKeyAndDecryptsOnceTheKeyIsThere() {
        SenderKeyDistributionMessage key = aliceBuilder.distribution(ALICE);
        byte[] early = alice.encrypt(ALICE, bytes("early"));
        assertThat(failure(bob.decrypt(ALICE, early))).isEqualTo(Failure.NO_SENDER_KEY);
        bobBuilder.process(ALICE, key);
        assertThat(text(bob.decrypt(ALICE, early))).isEqualTo("early");
    }

    @Test
    void aTamperedMessageFailsItsSignatureAndTheNextStillDecrypts() {
        bobBuilder.process(ALICE, aliceBuilder.distribution(ALICE));
        byte[] good = alice.encrypt(ALICE, bytes("good"));
        for (int i = 1; i < good.length; i += 3) {
            byte[] tampered = good.clone();
            tampered[i] ^= 0x02;
            assertThat(bob.decrypt(ALICE, tampered)).as("byte %d", i).isInstanceOf(Decryption.Failed.class);
        }
        byte[] badSignature = good.clone();
        badSignature[good.length - 40] ^= 0x01;
        assertThat(failure(bob.decrypt(ALICE, badSignature))).isEqualTo(Failure.BAD_SIGNATURE);
        assertThat(text(bob.decrypt(ALICE, good))).isEqualTo("good");
    }

    @Test
    void aTruncatedMessageIsMalformed() {
        bobBuilder.process(ALICE, aliceBuilder.distribution(ALICE));
        byte[] good = alice.encrypt(ALICE, bytes("good"));
        assertThat(failure(bob.decrypt(ALICE, Arrays.copyOf(good, 30)))).isEqualTo(Failure.MALFORMED);
        assertThat(failure(bob.decrypt(ALICE, new byte[0]))).isEqualTo(Failure.MALFORMED);
        assertThat(text(bob.decrypt(ALICE, good))).isEqualTo("good");
    }

    @Test
    void aReplayIsADuplicate() {
        bobBuilder.process(ALICE, aliceBuilder.distribution(ALICE));
        byte[] message = alice.encrypt(ALICE, bytes("once"));
        assertThat(text(bob.decrypt(ALICE, message))).isEqualTo("once");
        assertThat(failure(bob.decrypt(ALICE, message))).isEqualTo(Failure.DUPLICATE);
    }

    @Test
    void receivingTheSameSenderKeyAgainDoesNotReopenReplays() {
        SenderKeyDistributionMessage key = aliceBuilder.distribution(ALICE);
        bobBuilder.process(ALICE, key);
        byte[] message = alice.encrypt(ALICE, bytes("once"));
        assertThat(text(bob.decrypt(ALICE, message))).isEqualTo("once");
        assertThat(bobBuilder.process(ALICE, key)).isFalse();
        assertThat(failure(bob.decrypt(ALICE, message))).isEqualTo(Failure.DUPLICATE);
    }

    @Test
    void aDeviceWithoutTheRotatedKeyReadsNothingSentAfterTheRotation() {
        bobBuilder.process(ALICE, aliceBuilder.distribution(ALICE));
        assertThat(text(bob.decrypt(ALICE, alice.encrypt(ALICE, bytes("before"))))).isEqualTo("before");
        SenderKeyDistributionMessage rotated = aliceBuilder.rotate(ALICE);
        byte[] after = alice.encrypt(ALICE, bytes("after bob was removed"));
        assertThat(failure(bob.decrypt(ALICE, after))).isEqualTo(Failure.NO_SENDER_KEY);

        InMemorySenderKeyStore carolStore = new InMemorySenderKeyStore();
        new GroupSessionBuilder(carolStore, RANDOM).process(ALICE, rotated);
        assertThat(text(new GroupCipher(carolStore, RANDOM).decrypt(ALICE, after))).isEqualTo("after bob was removed");
    }

    @Test
    void aMessageMoreThan2000AheadIsRefused() {
        bobBuilder.process(ALICE, aliceBuilder.distribution(ALICE));
        for (int i = 0; i < 2001; i++) {
            alice.encrypt(ALICE, bytes("skipped"));
        }
        assertThat(failure(bob.decrypt(ALICE, alice.encrypt(ALICE, bytes("far"))))).isEqualTo(Failure.TOO_FAR_AHEAD);
    }

    @Test
    void aMessageSignedByAnotherSenderUnderTheSameKeyIdFails() {
        SenderKeyDistributionMessage real = aliceBuilder.distribution(ALICE);
        bobBuilder.process(ALICE, real);
        // Mallory knows the chain (she is a member) but not Alice's signing key: she cannot forge Alice's messages.
        byte[] forged = forgeWithOwnSigningKey(real);
        assertThat(failure(bob.decrypt(ALICE, forged))).isEqualTo(Failure.BAD_SIGNATURE);
    }

    private static byte[] forgeWithOwnSigningKey(SenderKeyDistributionMessage real) {
        InMemorySenderKeyStore store = new InMemorySenderKeyStore();
        SenderKeyName forger = new SenderKeyName("gtest", new Address("umallory", "d2"));
        GroupSessionBuilder builder = new GroupSessionBuilder(store, RANDOM);
        builder.distribution(forger);
        SenderKeyRecord record = store.load(forger).orElseThrow();
        SenderKeyState own = record.newest().orElseThrow();
        SenderKeyState impersonating = new SenderKeyState(real.keyId(),
                new SenderChainKey(real.iteration(), real.chainKey()), own.signingKey(),
                own.signingPrivateKey().orElseThrow());
        SenderKeyRecord forged = new SenderKeyRecord();
        forged.addNewest(impersonating);
        store.store(forger, forged);
        return new GroupCipher(store, RANDOM).encrypt(forger, bytes("pay mallory"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Decryption result) {
        assertThat(result).isInstanceOf(Decryption.Plaintext.class);
        return new String(((Decryption.Plaintext) result).bytes(), StandardCharsets.UTF_8);
    }

    private static Failure failure(Decryption result) {
        assertThat(result).isInstanceOf(Decryption.Failed.class);
        return ((Decryption.Failed) result).failure();
    }
}
