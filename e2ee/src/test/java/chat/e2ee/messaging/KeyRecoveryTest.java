package chat.e2ee.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.session.Address;
import chat.e2ee.session.Decryption;
import chat.e2ee.session.Failure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A device that lost what it needs to open messages asks for it again over a pairwise session: the Sender Key of a
 * message it cannot open (a key request), or a new session when an envelope no longer opens (a session reset). The
 * sender answers only devices it gave the key to, and never from an earlier chain position than it gave.
 */
class KeyRecoveryTest {
    private static final String CHAT = "dm.ualice.ubob";
    private static final Address ALICE = new Address("ualice", "dlaptop");
    private static final Address ALICE_PHONE = new Address("ualice", "dphone");
    private static final Address BOB = new Address("ubob", "dphone");
    private static final Address CAROL = new Address("ucarol", "dphone");
    private static final Address BOB_TABLET = new Address("ubob", "dtablet");

    private final Directory directory = new Directory();
    private final KeyPair aliceIdentity = KeyPair.generate(Directory.RANDOM);
    private final KeyPair bobIdentity = KeyPair.generate(Directory.RANDOM);
    private final ConversationCrypto alice = directory.device(ALICE, aliceIdentity);
    private final ConversationCrypto bob = directory.device(BOB, bobIdentity);

    @Test
    void aDeviceThatLostTheSenderKeyAsksForItAndOpensTheMessageAndWhatFollows() {
        deliver(alice.encrypt(CHAT, List.of(BOB), bytes("one")), bob);
        ConversationCrypto.Outgoing two = alice.encrypt(CHAT, List.of(BOB), bytes("two"));
        assertThat(two.envelopes()).isEmpty();
        ConversationCrypto restored = directory.device(BOB, bobIdentity); // same device, its state lost
        assertThat(failure(restored.decrypt(CHAT, ALICE, two.body()))).isEqualTo(Failure.NO_SENDER_KEY);

        ConversationCrypto.Envelope request = restored.requestKey(CHAT, ALICE, two.body()).orElseThrow();
        ConversationCrypto.Incoming asked = alice.receive(BOB, request.ciphertext());
        assertThat(asked).isInstanceOf(ConversationCrypto.Incoming.KeyRequested.class);
        ConversationCrypto.Envelope answer = alice.answer((ConversationCrypto.Incoming.KeyRequested) asked)
                .orElseThrow();
        assertThat(restored.receive(ALICE, answer.ciphertext()))
                .isEqualTo(new ConversationCrypto.Incoming.SenderKeyArrived(CHAT, ALICE, true));
        assertThat(text(restored.decrypt(CHAT, ALICE, two.body()))).isEqualTo("two");
        assertThat(text(restored.decrypt(CHAT, ALICE, alice.encrypt(CHAT, List.of(BOB), bytes("three")).body())))
                .isEqualTo("three");
    }

    @Test
    void aRequestFromADeviceThatWasNeverGivenTheKeyIsIgnored() {
        ConversationCrypto.Outgoing one = alice.encrypt(CHAT, List.of(BOB), bytes("one"));
        deliver(one, bob);
        ConversationCrypto carol = directory.device(CAROL, KeyPair.generate(Directory.RANDOM));
        ConversationCrypto.Envelope request = carol.requestKey(CHAT, ALICE, one.body()).orElseThrow();
        ConversationCrypto.Incoming asked = alice.receive(CAROL, request.ciphertext());
        assertThat(alice.answer((ConversationCrypto.Incoming.KeyRequested) asked)).isEmpty();
    }

    @Test
    void aDeviceGivenTheKeyMidChainIsNeverGivenAnEarlierPosition() {
        ConversationCrypto.Outgoing early = alice.encrypt(CHAT, List.of(BOB), bytes("before the phone"));
        deliver(early, bob);
        ConversationCrypto phone = directory.device(ALICE_PHONE, aliceIdentity);
        ConversationCrypto.Outgoing joined = alice.encrypt(CHAT, List.of(BOB, ALICE_PHONE), bytes("with the phone"));
        deliver(joined, phone);
        ConversationCrypto phoneRestored = directory.device(ALICE_PHONE, aliceIdentity);

        ConversationCrypto.Envelope request = phoneRestored.requestKey(CHAT, ALICE, early.body()).orElseThrow();
        ConversationCrypto.Envelope answer = alice.answer((ConversationCrypto.Incoming.KeyRequested)
                alice.receive(ALICE_PHONE, request.ciphertext())).orElseThrow();
        phoneRestored.receive(ALICE, answer.ciphertext());

        assertThat(phoneRestored.decrypt(CHAT, ALICE, early.body())).isInstanceOf(Decryption.Failed.class);
        assertThat(text(phoneRestored.decrypt(CHAT, ALICE, joined.body()))).isEqualTo("with the phone");
    }

    @Test
    void aSessionResetReplacesTheSessionAndTheKeyThenComesOverTheNewOne() {
        deliver(alice.encrypt(CHAT, List.of(BOB), bytes("one")), bob);
        ConversationCrypto restored = directory.device(BOB, bobIdentity);
        alice.rotate(CHAT);
        ConversationCrypto.Outgoing rotated = alice.encrypt(CHAT, List.of(BOB), bytes("rotated"));
        Decryption.Failed lost = failed(restored.receive(ALICE, rotated.envelopes().get(0).ciphertext()));
        // a session bob never answered still starts with a prekey message, which his new keys cannot open
        assertThat(lost.failure()).isIn(Failure.NO_SESSION, Failure.BAD_MAC, Failure.UNKNOWN_PREKEY);
        alice.delivered(rotated);

        ConversationCrypto.Envelope reset = restored.resetSession(ALICE).orElseThrow();
        assertThat(alice.receive(BOB, reset.ciphertext()))
                .isEqualTo(new ConversationCrypto.Incoming.ResetRequested(BOB));
        ConversationCrypto.Envelope request = restored.requestKey(CHAT, ALICE, rotated.body()).orElseThrow();
        ConversationCrypto.Envelope answer = alice.answer((ConversationCrypto.Incoming.KeyRequested)
                alice.receive(BOB, request.ciphertext())).orElseThrow();
        assertThat(restored.receive(ALICE, answer.ciphertext()))
                .isInstanceOf(ConversationCrypto.Incoming.SenderKeyArrived.class);
        assertThat(text(restored.decrypt(CHAT, ALICE, rotated.body()))).isEqualTo("rotated");
    }

    @Test
    void anotherDeviceOfTheAccountPassesOnASendersKeyThatTheSenderNeverGaveThisDevice() {
        ConversationCrypto bobTablet = directory.device(BOB_TABLET, bobIdentity);
        ConversationCrypto.Outgoing toPhone = alice.encrypt(CHAT, List.of(BOB), bytes("tablet not listed yet"));
        deliver(toPhone, bob);
        assertThat(failure(bobTablet.decrypt(CHAT, ALICE, toPhone.body()))).isEqualTo(Failure.NO_SENDER_KEY);
        ConversationCrypto.Envelope toSender = bobTablet.requestKey(CHAT, ALICE, toPhone.body()).orElseThrow();
        assertThat(alice.answer((ConversationCrypto.Incoming.KeyRequested) alice.receive(BOB_TABLET,
                toSender.ciphertext()))).as("never given it by alice").isEmpty();

        ConversationCrypto.Envelope toSibling = bobTablet.requestKey(BOB, CHAT, ALICE, toPhone.body()).orElseThrow();
        ConversationCrypto.Envelope held = bob.answer((ConversationCrypto.Incoming.KeyRequested)
                bob.receive(BOB_TABLET, toSibling.ciphertext())).orElseThrow();
        assertThat(bobTablet.receive(BOB, held.ciphertext()))
                .isEqualTo(new ConversationCrypto.Incoming.SenderKeyArrived(CHAT, ALICE, true));
        assertThat(text(bobTablet.decrypt(CHAT, ALICE, toPhone.body()))).isEqualTo("tablet not listed yet");
    }

    @Test
    void aDeviceOfAnotherUserIsNotGivenAChainItsHolderReceived() {
        ConversationCrypto.Outgoing one = alice.encrypt(CHAT, List.of(BOB), bytes("one"));
        deliver(one, bob);
        ConversationCrypto carol = directory.device(CAROL, KeyPair.generate(Directory.RANDOM));
        ConversationCrypto.Envelope request = carol.requestKey(BOB, CHAT, ALICE, one.body()).orElseThrow();
        assertThat(bob.answer((ConversationCrypto.Incoming.KeyRequested) bob.receive(CAROL, request.ciphertext())))
                .isEmpty();

    }

    @Test
    void requestsAndResetsRoundTripAndABrokenRequestIsMalformed() {
        PairwiseContent.KeyRequest request = new PairwiseContent.KeyRequest(CHAT, 0x8000_0001, 41);
        assertThat(PairwiseContent.decode(PairwiseContent.encode(request))).isEqualTo(request);
        PairwiseContent.KeyRequest forAChain = new PairwiseContent.KeyRequest(CHAT, 7, 0,
                java.util.Optional.of(ALICE));
        assertThat(PairwiseContent.decode(PairwiseContent.encode(forAChain))).isEqualTo(forAChain);
        assertThat(PairwiseContent.decode(PairwiseContent.encode(new PairwiseContent.SessionReset())))
                .isEqualTo(new PairwiseContent.SessionReset());
        byte[] noIteration = {0x1a, 0x04, 0x0a, 0x02, 'd', 'm'};
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PairwiseContent.decode(noIteration)))
                .isInstanceOf(chat.e2ee.wire.InvalidMessageException.class);
    }

    private void deliver(ConversationCrypto.Outgoing out, ConversationCrypto to) {
        for (ConversationCrypto.Envelope envelope : out.envelopes()) {
            to.receive(ALICE, envelope.ciphertext());
        }
        alice.delivered(out);
    }

    private static Decryption.Failed failed(ConversationCrypto.Incoming in) {
        assertThat(in).isInstanceOf(ConversationCrypto.Incoming.Failed.class);
        ConversationCrypto.Incoming.Failed f = (ConversationCrypto.Incoming.Failed) in;
        return new Decryption.Failed(f.failure(), f.detail());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Decryption result) {
        assertThat(result).as(String.valueOf(result)).isInstanceOf(Decryption.Plaintext.class);
        return new String(((Decryption.Plaintext) result).bytes(), StandardCharsets.UTF_8);
    }

    private static Failure failure(Decryption result) {
        assertThat(result).isInstanceOf(Decryption.Failed.class);
        return ((Decryption.Failed) result).failure();
    }
}
