package chat.e2ee.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.group.GroupSessionBuilder;
import chat.e2ee.group.OwnSenderKey;
import chat.e2ee.group.SenderKeyName;
import chat.e2ee.session.Address;
import chat.e2ee.session.CiphertextMessage;
import chat.e2ee.session.Decryption;
import chat.e2ee.session.Failure;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A conversation between devices of two users: one ciphertext per message, the Sender Key sent once to each device,
 * a removed member locked out, and a message that arrives before its key opening once the key is there.
 */
class ConversationCryptoTest {
    private static final String CHAT = "dm.ualice.ubob";
    private static final Address ALICE_LAPTOP = new Address("ualice", "dlaptop");
    private static final Address ALICE_PHONE = new Address("ualice", "dphone");
    private static final Address BOB_PHONE = new Address("ubob", "dphone");

    private final Directory directory = new Directory();
    private final KeyPair aliceIdentity = KeyPair.generate(Directory.RANDOM);
    private final ConversationCrypto aliceLaptop = directory.device(ALICE_LAPTOP, aliceIdentity);
    private final ConversationCrypto alicePhone = directory.device(ALICE_PHONE, aliceIdentity);
    private final ConversationCrypto bobPhone = directory.device(BOB_PHONE, KeyPair.generate(Directory.RANDOM));

    @Test
    void theFirstMessageCarriesTheKeyToEveryOtherDeviceAndOpensOnAll() {
        ConversationCrypto.Outgoing out = aliceLaptop.encrypt(CHAT, List.of(ALICE_LAPTOP, ALICE_PHONE, BOB_PHONE),
                bytes("hello"));
        assertThat(out.envelopes()).extracting(ConversationCrypto.Envelope::to)
                .containsExactlyInAnyOrder(ALICE_PHONE, BOB_PHONE);
        assertThat(out.envelopes()).allMatch(e -> e.ciphertext().kind() == CiphertextMessage.Kind.PREKEY);
        deliver(out);
        assertThat(text(bobPhone.decrypt(CHAT, ALICE_LAPTOP, out.body()))).isEqualTo("hello");
        assertThat(text(alicePhone.decrypt(CHAT, ALICE_LAPTOP, out.body()))).isEqualTo("hello");
    }

    @Test
    void laterMessagesSendNoKeysOnceTheyWereDelivered() {
        deliver(aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("one")));
        ConversationCrypto.Outgoing second = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("two"));
        assertThat(second.envelopes()).isEmpty();
        assertThat(text(bobPhone.decrypt(CHAT, ALICE_LAPTOP, second.body()))).isEqualTo("two");
    }

    @Test
    void aKeyNotConfirmedDeliveredIsOfferedAgainAndTheRepeatIsHarmless() {
        ConversationCrypto.Outgoing first = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("one"));
        ConversationCrypto.Outgoing second = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("two"));
        assertThat(second.envelopes()).hasSize(1);
        assertThat(receive(BOB_PHONE, ALICE_LAPTOP, first.envelopes().get(0)))
                .isEqualTo(new ConversationCrypto.Incoming.SenderKeyArrived(CHAT, ALICE_LAPTOP, true));
        assertThat(receive(BOB_PHONE, ALICE_LAPTOP, second.envelopes().get(0)))
                .isEqualTo(new ConversationCrypto.Incoming.SenderKeyArrived(CHAT, ALICE_LAPTOP, false));
        assertThat(text(bobPhone.decrypt(CHAT, ALICE_LAPTOP, first.body()))).isEqualTo("one");
        assertThat(text(bobPhone.decrypt(CHAT, ALICE_LAPTOP, second.body()))).isEqualTo("two");
    }

    @Test
    void aMessageBeforeItsKeyWaitsAndOpensWhenTheKeyArrives() {
        ConversationCrypto.Outgoing out = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("early"));
        assertThat(failure(bobPhone.decrypt(CHAT, ALICE_LAPTOP, out.body()))).isEqualTo(Failure.NO_SENDER_KEY);
        deliver(out);
        assertThat(text(bobPhone.decrypt(CHAT, ALICE_LAPTOP, out.body()))).isEqualTo("early");
    }

    @Test
    void aMemberJoiningCostsEachSenderOneEnvelopePerDeviceOfTheJoinerAndNoNewKey() {
        String group = "gbookclub";
        deliver(aliceLaptop.encrypt(group, List.of(ALICE_PHONE, BOB_PHONE), bytes("before carol")));
        Address carolPhone = new Address("ucarol", "dphone");
        Address carolLaptop = new Address("ucarol", "dlaptop");
        KeyPair carolIdentity = KeyPair.generate(Directory.RANDOM);
        directory.device(carolPhone, carolIdentity);
        directory.device(carolLaptop, carolIdentity);
        ConversationCrypto.Outgoing after = aliceLaptop.encrypt(group,
                List.of(ALICE_PHONE, BOB_PHONE, carolPhone, carolLaptop), bytes("welcome carol"));
        assertThat(after.envelopes()).extracting(ConversationCrypto.Envelope::to)
                .containsExactlyInAnyOrder(carolPhone, carolLaptop);
        assertThat(after.keyIteration()).as("the same chain, where it stands").isEqualTo(1);
    }

    @Test
    void aDeviceThatHeldTheKeyAndIsNoLongerARecipientCausesANewKeyItNeverGets() {
        deliver(aliceLaptop.encrypt(CHAT, List.of(ALICE_PHONE, BOB_PHONE), bytes("both devices")));
        ConversationCrypto.Outgoing after = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("phone removed"));
        assertThat(after.envelopes()).extracting(ConversationCrypto.Envelope::to).containsExactly(BOB_PHONE);
        deliver(after);
        assertThat(failure(alicePhone.decrypt(CHAT, ALICE_LAPTOP, after.body()))).isEqualTo(Failure.NO_SENDER_KEY);
        assertThat(text(bobPhone.decrypt(CHAT, ALICE_LAPTOP, after.body()))).isEqualTo("phone removed");
        ConversationCrypto.Outgoing same = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("no new key"));
        assertThat(same.keyId()).isEqualTo(after.keyId());
        assertThat(same.envelopes()).isEmpty();
    }

    @Test
    void afterRotationARemovedDeviceReadsNothingNewAndTheOthersDo() {
        String group = "gbookclub";
        deliver(aliceLaptop.encrypt(group, List.of(ALICE_PHONE, BOB_PHONE), bytes("welcome")));
        aliceLaptop.rotate(group);
        ConversationCrypto.Outgoing after = aliceLaptop.encrypt(group, List.of(ALICE_PHONE), bytes("bob is gone"));
        assertThat(after.envelopes()).extracting(ConversationCrypto.Envelope::to).containsExactly(ALICE_PHONE);
        deliver(after);
        assertThat(failure(bobPhone.decrypt(group, ALICE_LAPTOP, after.body()))).isEqualTo(Failure.NO_SENDER_KEY);
        assertThat(text(alicePhone.decrypt(group, ALICE_LAPTOP, after.body()))).isEqualTo("bob is gone");
    }

    @Test
    void theOwnKeyCountsTheMessagesItSealedAndARotationStartsANewOneAtZero() {
        assertThat(aliceLaptop.ownKey(CHAT)).isEmpty();
        ConversationCrypto.Outgoing first = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("one"));
        deliver(first);
        aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("two"));
        assertThat(aliceLaptop.ownKey(CHAT)).contains(new OwnSenderKey(first.keyId(), 2));

        aliceLaptop.rotate(CHAT);
        ConversationCrypto.Outgoing after = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("three"));
        assertThat(after.keyId()).isNotEqualTo(first.keyId());
        assertThat(after.envelopes()).extracting(ConversationCrypto.Envelope::to).containsExactly(BOB_PHONE);
        assertThat(aliceLaptop.ownKey(CHAT)).contains(new OwnSenderKey(after.keyId(), 1));
        deliver(after);
        assertThat(text(bobPhone.decrypt(CHAT, ALICE_LAPTOP, after.body()))).isEqualTo("three");
    }

    @Test
    void aDeviceKeepsEveryChainOfManyRotationsFromItsStartForANewDevice() {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ConversationCrypto.Outgoing out = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("chain " + i));
            deliver(out);
            bodies.add(out.body());
            aliceLaptop.rotate(CHAT);
        }
        for (byte[] body : bodies) { // bob read them all as they came
            assertThat(bobPhone.decrypt(CHAT, ALICE_LAPTOP, body)).isInstanceOf(Decryption.Plaintext.class);
        }
        // what linking hands a new device: each of alice's chains bob holds, from its start
        GroupSessionBuilder bobs = new GroupSessionBuilder(directory.senderKeys(BOB_PHONE), Directory.RANDOM);
        List<SenderKeyDistributionMessage> history = bobs.fromTheStart(new SenderKeyName(CHAT, ALICE_LAPTOP));
        assertThat(history).hasSize(12);
    }

    @Test
    void aDeviceWithoutPublishedKeysIsReportedUnreachableAndTheOthersStillGetTheMessage() {
        Address ghost = new Address("ubob", "dghost");
        ConversationCrypto.Outgoing out = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE, ghost), bytes("hi"));
        assertThat(out.unreachable()).containsExactly(new ConversationCrypto.Unreachable(ghost, "no keys published"));
        deliver(out);
        assertThat(text(bobPhone.decrypt(CHAT, ALICE_LAPTOP, out.body()))).isEqualTo("hi");
    }

    @Test
    void aDeviceAddedUnderAnotherUserWithAnotherIdentityKeyGetsNoKey() {
        deliver(aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE), bytes("hi")));
        Address planted = new Address("ubob", "dplanted");
        directory.device(planted, KeyPair.generate(Directory.RANDOM));
        ConversationCrypto.Outgoing out = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE, planted), bytes("secret"));
        assertThat(out.envelopes()).isEmpty();
        assertThat(out.unreachable()).containsExactly(
                new ConversationCrypto.Unreachable(planted, "identity key changed"));
    }

    @Test
    void aDeviceAddedUnderTheOwnAccountWithoutItsIdentityKeyGetsNoKey() {
        Address planted = new Address("ualice", "dplanted");
        directory.device(planted, KeyPair.generate(Directory.RANDOM));
        ConversationCrypto.Outgoing out = aliceLaptop.encrypt(CHAT, List.of(BOB_PHONE, planted), bytes("secret"));
        assertThat(out.envelopes()).extracting(ConversationCrypto.Envelope::to).containsExactly(BOB_PHONE);
        assertThat(out.unreachable()).containsExactly(
                new ConversationCrypto.Unreachable(planted, "not signed by this account's identity key"));
    }

    @Test
    void aMessageToA256MemberGroupIsOneCiphertextAndEachKeyIsSentOnce() {
        String group = "gbig";
        List<Address> members = new ArrayList<>();
        List<ConversationCrypto> devices = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            Address member = new Address("umember" + i, "d1");
            members.add(member);
            devices.add(directory.device(member, KeyPair.generate(Directory.RANDOM)));
        }
        ConversationCrypto.Outgoing first = aliceLaptop.encrypt(group, members, bytes("hello all"));
        assertThat(first.envelopes()).hasSize(255);
        for (int i = 0; i < 255; i++) {
            devices.get(i).receive(ALICE_LAPTOP, first.envelopes().get(i).ciphertext());
        }
        aliceLaptop.delivered(first);
        ConversationCrypto.Outgoing second = aliceLaptop.encrypt(group, members, bytes("and again"));
        assertThat(second.envelopes()).isEmpty();
        for (ConversationCrypto member : devices) {
            assertThat(text(member.decrypt(group, ALICE_LAPTOP, first.body()))).isEqualTo("hello all");
            assertThat(text(member.decrypt(group, ALICE_LAPTOP, second.body()))).isEqualTo("and again");
        }
    }

    @Test
    void aBodyThatIsNotSealedIsMalformed() {
        assertThat(failure(bobPhone.decrypt(CHAT, ALICE_LAPTOP, bytes("plain text")))).isEqualTo(Failure.MALFORMED);
    }

    private void deliver(ConversationCrypto.Outgoing out) {
        for (ConversationCrypto.Envelope envelope : out.envelopes()) {
            assertThat(receive(envelope.to(), ALICE_LAPTOP, envelope))
                    .isInstanceOf(ConversationCrypto.Incoming.SenderKeyArrived.class);
        }
        aliceLaptop.delivered(out);
    }

    private ConversationCrypto.Incoming receive(Address to, Address from, ConversationCrypto.Envelope envelope) {
        ConversationCrypto device = to.equals(BOB_PHONE) ? bobPhone : alicePhone;
        return device.receive(from, envelope.ciphertext());
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
