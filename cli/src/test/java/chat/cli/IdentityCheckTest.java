package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityCheckTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final PublicKey first = KeyPair.generate(RANDOM).publicKey();
    private final PublicKey second = KeyPair.generate(RANDOM).publicKey();

    @Test
    void aKeyNeverSeenIsTrustedOnFirstUse() {
        assertThat(IdentityCheck.of(Optional.empty(), Set.of(first)))
                .isEqualTo(new IdentityCheck(IdentityCheck.Outcome.FIRST_SEEN, first));
    }

    @Test
    void theTrustedKeyServedAgainIsUnchanged() {
        assertThat(IdentityCheck.of(Optional.of(first), Set.of(first)))
                .isEqualTo(new IdentityCheck(IdentityCheck.Outcome.UNCHANGED, first));
    }

    @Test
    void aTrustedKeyStandsWhenTheUserHasNoDevicesLeft() {
        assertThat(IdentityCheck.of(Optional.of(first), Set.of()))
                .isEqualTo(new IdentityCheck(IdentityCheck.Outcome.UNCHANGED, first));
    }

    @Test
    void anotherServedKeyIsAChangeShowingTheNewKey() {
        assertThat(IdentityCheck.of(Optional.of(first), Set.of(second)))
                .isEqualTo(new IdentityCheck(IdentityCheck.Outcome.CHANGED, second));
    }

    @Test
    void aUserWithoutKeysHasNoSafetyNumber() {
        assertThatThrownBy(() -> IdentityCheck.of(Optional.empty(), Set.of()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.code()).isEqualTo("NO_KEYS"));
    }

    @Test
    void twoIdentityKeysForOneUserAreTrustedNeither() {
        assertThatThrownBy(() -> IdentityCheck.of(Optional.of(first), Set.of(first, second)))
                .isInstanceOfSatisfying(CliException.class,
                        e -> assertThat(e.code()).isEqualTo("KEYS_INCONSISTENT"));
    }
}
