package chat.e2ee.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.whispersystems.libsignal.SignalProtocolAddress;

/**
 * Pairwise sessions between our implementation and Signal's own (signal-protocol-java 2.8.1), started from either
 * side, with and without a one-time prekey, through several ratchet turns and out-of-order delivery.
 */
class PairwiseOracleTest {
    private static final Address ORACLE = new Address("uoracle", "d1");
    private static final SignalProtocolAddress OURS = new SignalProtocolAddress("uours", 1);

    @ParameterizedTest(name = "one-time prekey: {0}")
    @ValueSource(booleans = {true, false})
    void weStartASessionWithSignalAndBothSidesTalk(boolean withOneTimePreKey) throws Exception {
        OurDevice ours = new OurDevice();
        OracleDevice oracle = new OracleDevice();
        ours.startSessionWith(ORACLE, oracle.bundle(withOneTimePreKey));

        CiphertextMessage first = ours.encrypt(ORACLE, "hello from ours");
        CiphertextMessage second = ours.encrypt(ORACLE, "and again before any answer");
        assertThat(first.kind()).isEqualTo(CiphertextMessage.Kind.PREKEY);
        assertThat(second.kind()).isEqualTo(CiphertextMessage.Kind.PREKEY);
        assertThat(oracle.decrypt(OURS, first)).isEqualTo("hello from ours");
        assertThat(oracle.decrypt(OURS, second)).isEqualTo("and again before any answer");

        CiphertextMessage reply = oracle.encrypt(OURS, "hello from signal");
        assertThat(reply.kind()).isEqualTo(CiphertextMessage.Kind.WHISPER);
        assertThat(ours.decryptText(ORACLE, reply)).isEqualTo("hello from signal");

        CiphertextMessage afterAnswer = ours.encrypt(ORACLE, "now a plain ratchet message");
        assertThat(afterAnswer.kind()).isEqualTo(CiphertextMessage.Kind.WHISPER);
        assertThat(oracle.decrypt(OURS, afterAnswer)).isEqualTo("now a plain ratchet message");
    }

    @ParameterizedTest(name = "one-time prekey: {0}")
    @ValueSource(booleans = {true, false})
    void signalStartsASessionWithUsAndBothSidesTalk(boolean withOneTimePreKey) throws Exception {
        OurDevice ours = new OurDevice();
        OracleDevice oracle = new OracleDevice();
        oracle.startSessionWith(OURS, ours, withOneTimePreKey);

        CiphertextMessage first = oracle.encrypt(OURS, "hello from signal");
        assertThat(first.kind()).isEqualTo(CiphertextMessage.Kind.PREKEY);
        assertThat(ours.decryptText(ORACLE, first)).isEqualTo("hello from signal");
        CiphertextMessage reply = ours.encrypt(ORACLE, "hello from ours");
        assertThat(reply.kind()).isEqualTo(CiphertextMessage.Kind.WHISPER);
        assertThat(oracle.decrypt(OURS, reply)).isEqualTo("hello from ours");
        assertThat(ours.decryptText(ORACLE, oracle.encrypt(OURS, "third"))).isEqualTo("third");
    }

    @Test
    void aOneTimePrekeyIsUsedOnceAndRemovedAfterTheSessionIsBuilt() throws Exception {
        OurDevice ours = new OurDevice();
        OracleDevice oracle = new OracleDevice();
        oracle.startSessionWith(OURS, ours, true);
        CiphertextMessage first = oracle.encrypt(OURS, "hi");
        int used = org.whispersystems.libsignal.protocol.PreKeySignalMessage.class.cast(
                new org.whispersystems.libsignal.protocol.PreKeySignalMessage(first.serialized()))
                .getPreKeyId().get();
        assertThat(ours.store.oneTimePreKey(used)).isPresent();
        ours.decryptText(ORACLE, first);
        assertThat(ours.store.oneTimePreKey(used)).isEmpty();
    }

    @Test
    void manyRatchetTurnsWithOutOfOrderDeliveryBothWays() throws Exception {
        OurDevice ours = new OurDevice();
        OracleDevice oracle = new OracleDevice();
        ours.startSessionWith(ORACLE, oracle.bundle(true));
        assertThat(oracle.decrypt(OURS, ours.encrypt(ORACLE, "start"))).isEqualTo("start");
        Random random = new Random(42);
        for (int turn = 0; turn < 12; turn++) {
            List<String> texts = new ArrayList<>();
            List<CiphertextMessage> fromOracle = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                texts.add("signal turn " + turn + " message " + i);
                fromOracle.add(oracle.encrypt(OURS, texts.get(i)));
            }
            List<Integer> order = shuffled(fromOracle.size(), random);
            for (int i : order) {
                assertThat(ours.decryptText(ORACLE, fromOracle.get(i))).isEqualTo(texts.get(i));
            }
            texts.clear();
            List<CiphertextMessage> fromOurs = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                texts.add("our turn " + turn + " message " + i);
                fromOurs.add(ours.encrypt(ORACLE, texts.get(i)));
            }
            for (int i : shuffled(fromOurs.size(), random)) {
                assertThat(oracle.decrypt(OURS, fromOurs.get(i))).isEqualTo(texts.get(i));
            }
        }
    }

    @Test
    void aMessageFromAnEarlierChainArrivingAfterTheRatchetMovedOnStillDecrypts() throws Exception {
        OurDevice ours = new OurDevice();
        OracleDevice oracle = new OracleDevice();
        oracle.startSessionWith(OURS, ours, true);
        assertThat(ours.decryptText(ORACLE, oracle.encrypt(OURS, "one"))).isEqualTo("one");
        CiphertextMessage late = oracle.encrypt(OURS, "late from the first chain");
        assertThat(oracle.decrypt(OURS, ours.encrypt(ORACLE, "answer"))).isEqualTo("answer");
        assertThat(ours.decryptText(ORACLE, oracle.encrypt(OURS, "second chain"))).isEqualTo("second chain");
        assertThat(ours.decryptText(ORACLE, late)).isEqualTo("late from the first chain");
    }

    private static List<Integer> shuffled(int n, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        return order;
    }
}
