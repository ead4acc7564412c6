package chat.e2ee.group;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.session.Address;
import chat.e2ee.session.Decryption;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.whispersystems.libsignal.SignalProtocolAddress;

/** Sender-Key group messages between our implementation and Signal's own (signal-protocol-java 2.8.1), both ways. */
class GroupOracleTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String GROUP = "g0123456789abcdef";
    private static final Address OUR_SENDER = new Address("uours", "d1");
    private static final Address ORACLE_SENDER = new Address("uoracle", "d1");
    private static final org.whispersystems.libsignal.groups.SenderKeyName ORACLE_NAME_OF_OUR_SENDER =
            new org.whispersystems.libsignal.groups.SenderKeyName(GROUP, new SignalProtocolAddress("uours", 1));
    private static final org.whispersystems.libsignal.groups.SenderKeyName ORACLE_OWN =
            new org.whispersystems.libsignal.groups.SenderKeyName(GROUP, new SignalProtocolAddress("uoracle", 1));

    private final InMemorySenderKeyStore ourStore = new InMemorySenderKeyStore();
    private final GroupSessionBuilder ourBuilder = new GroupSessionBuilder(ourStore, RANDOM);
    private final GroupCipher ourCipher = new GroupCipher(ourStore, RANDOM);
    private final OracleSenderKeyStore oracleStore = new OracleSenderKeyStore();

    @Test
    void signalDecryptsOurGroupMessagesInAnyOrder() throws Exception {
        SenderKeyName own = new SenderKeyName(GROUP, OUR_SENDER);
        SenderKeyDistributionMessage distribution = ourBuilder.distribution(own);
        new org.whispersystems.libsignal.groups.GroupSessionBuilder(oracleStore).process(ORACLE_NAME_OF_OUR_SENDER,
                new org.whispersystems.libsignal.protocol.SenderKeyDistributionMessage(distribution.serialized()));
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            messages.add(ourCipher.encrypt(own, ("ours " + i).getBytes(StandardCharsets.UTF_8)));
        }
        org.whispersystems.libsignal.groups.GroupCipher oracle =
                new org.whispersystems.libsignal.groups.GroupCipher(oracleStore, ORACLE_NAME_OF_OUR_SENDER);
        for (int i : new int[] {2, 0, 1, 5, 3, 4}) {
            assertThat(new String(oracle.decrypt(messages.get(i)), StandardCharsets.UTF_8)).isEqualTo("ours " + i);
        }
    }

    @Test
    void weDecryptSignalsGroupMessagesInAnyOrder() throws Exception {
        org.whispersystems.libsignal.protocol.SenderKeyDistributionMessage theirs =
                new org.whispersystems.libsignal.groups.GroupSessionBuilder(oracleStore).create(ORACLE_OWN);
        SenderKeyName sender = new SenderKeyName(GROUP, ORACLE_SENDER);
        assertThat(ourBuilder.process(sender, SenderKeyDistributionMessage.parse(theirs.serialize()))).isTrue();
        org.whispersystems.libsignal.groups.GroupCipher oracle =
                new org.whispersystems.libsignal.groups.GroupCipher(oracleStore, ORACLE_OWN);
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            messages.add(oracle.encrypt(("signal " + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i : new int[] {4, 0, 5, 1, 3, 2}) {
            assertThat(text(ourCipher.decrypt(sender, messages.get(i)))).isEqualTo("signal " + i);
        }
    }

    @Test
    void ourDistributionMessageIsByteForByteWhatSignalWouldSerialize() throws Exception {
        SenderKeyDistributionMessage ours = ourBuilder.distribution(new SenderKeyName(GROUP, OUR_SENDER));
        org.whispersystems.libsignal.protocol.SenderKeyDistributionMessage reencoded =
                new org.whispersystems.libsignal.protocol.SenderKeyDistributionMessage(ours.keyId(), ours.iteration(),
                        ours.chainKey(), org.whispersystems.libsignal.ecc.Curve.decodePoint(
                                ours.signingKey().serialize(), 0));
        assertThat(ours.serialized()).isEqualTo(reencoded.serialize());
    }

    @Test
    void aNewDeviceGivenTheChainsFromTheStartDecryptsTheWholeHistoryAndSoDoesSignal() throws Exception {
        SenderKeyName own = new SenderKeyName(GROUP, OUR_SENDER);
        ourBuilder.distribution(own);
        List<byte[]> history = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            history.add(ourCipher.encrypt(own, ("old " + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<SenderKeyDistributionMessage> handover = ourBuilder.fromTheStart(own);
        assertThat(handover).hasSize(1);
        assertThat(handover.get(0).iteration()).isZero();

        InMemorySenderKeyStore newDeviceStore = new InMemorySenderKeyStore();
        new GroupSessionBuilder(newDeviceStore, RANDOM).process(own, handover.get(0));
        GroupCipher newDevice = new GroupCipher(newDeviceStore, RANDOM);
        new org.whispersystems.libsignal.groups.GroupSessionBuilder(oracleStore).process(ORACLE_NAME_OF_OUR_SENDER,
                new org.whispersystems.libsignal.protocol.SenderKeyDistributionMessage(
                        handover.get(0).serialized()));
        org.whispersystems.libsignal.groups.GroupCipher oracle =
                new org.whispersystems.libsignal.groups.GroupCipher(oracleStore, ORACLE_NAME_OF_OUR_SENDER);
        for (int i = 0; i < 20; i++) {
            assertThat(text(newDevice.decrypt(own, history.get(i)))).isEqualTo("old " + i);
            assertThat(new String(oracle.decrypt(history.get(i)), StandardCharsets.UTF_8)).isEqualTo("old " + i);
        }
    }

    private static String text(Decryption result) {
        assertThat(result).isInstanceOf(Decryption.Plaintext.class);
        return new String(((Decryption.Plaintext) result).bytes(), StandardCharsets.UTF_8);
    }
}
