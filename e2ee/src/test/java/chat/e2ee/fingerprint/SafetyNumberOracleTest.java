package chat.e2ee.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.whispersystems.libsignal.IdentityKey;
import org.whispersystems.libsignal.fingerprint.Fingerprint;
import org.whispersystems.libsignal.fingerprint.NumericFingerprintGenerator;

/** Safety numbers against Signal's own generator (signal-protocol-java 2.8.1, 5,200 iterations). */
class SafetyNumberOracleTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final PublicKey alice = KeyPair.generate(RANDOM).publicKey();
    private final PublicKey bob = KeyPair.generate(RANDOM).publicKey();

    @Test
    void theDigitsAndTheScannableFormAreSignals() throws Exception {
        Fingerprint signals = new NumericFingerprintGenerator(5200).createFor(0,
                "ualice".getBytes(StandardCharsets.UTF_8), new IdentityKey(alice.serialize(), 0),
                "ubob".getBytes(StandardCharsets.UTF_8), new IdentityKey(bob.serialize(), 0));
        SafetyNumber ours = SafetyNumber.of("ualice", alice, "ubob", bob);
        assertThat(ours.digits()).isEqualTo(signals.getDisplayableFingerprint().getDisplayText()).hasSize(60);
        assertThat(ours.scannable()).isEqualTo(signals.getScannableFingerprint().getSerialized());
    }

    @Test
    void bothSidesSeeTheSameNumberAndEachAcceptsTheOthersCode() {
        SafetyNumber onAlice = SafetyNumber.of("ualice", alice, "ubob", bob);
        SafetyNumber onBob = SafetyNumber.of("ubob", bob, "ualice", alice);
        assertThat(onAlice.digits()).isEqualTo(onBob.digits());
        assertThat(onAlice.matchesScanned(onBob.scannable())).isTrue();
        assertThat(onBob.matchesScanned(onAlice.scannable())).isTrue();
        assertThat(onAlice.matchesScanned(onAlice.scannable())).isFalse();
    }

    @Test
    void aChangedIdentityKeyChangesTheNumber() {
        PublicKey impostor = KeyPair.generate(RANDOM).publicKey();
        SafetyNumber real = SafetyNumber.of("ualice", alice, "ubob", bob);
        SafetyNumber attacked = SafetyNumber.of("ualice", alice, "ubob", impostor);
        assertThat(attacked.digits()).isNotEqualTo(real.digits());
        assertThat(real.matchesScanned(SafetyNumber.of("ubob", impostor, "ualice", alice).scannable())).isFalse();
    }

    @Test
    void garbageScannedIsNoMatchNotAnException() {
        SafetyNumber number = SafetyNumber.of("ualice", alice, "ubob", bob);
        assertThat(number.matchesScanned(new byte[] {1, 2, 3})).isFalse();
        assertThat(number.matchesScanned(new byte[0])).isFalse();
    }

    @Test
    void theDisplayIsTwelveGroupsOfFiveOnThreeLines() {
        String display = SafetyNumber.of("ualice", alice, "ubob", bob).display();
        assertThat(display.split("\n")).hasSize(3);
        assertThat(display.replace("\n", " ").split(" ")).hasSize(12).allMatch(group -> group.matches("\\d{5}"));
    }
}
