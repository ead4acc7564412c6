package chat.e2ee.linking;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.KeyPair;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignedDeviceListTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final KeyPair account = KeyPair.generate(RANDOM);
    private final DeviceList first = new DeviceList("ualice", 1, Set.of("dlaptop"), 1000);

    @Test
    void aListSignedByTheAccountKeyIsAccepted() {
        SignedDeviceList signed = SignedDeviceList.sign(first.with("dphone", 2000), account.privateKey(), RANDOM);
        SignedDeviceList.Check check = SignedDeviceList.parse(signed.serialize())
                .verify(account.publicKey(), "ualice", Optional.of(first));
        assertThat(check).isEqualTo(new SignedDeviceList.Check.Accepted(
                new DeviceList("ualice", 2, Set.of("dlaptop", "dphone"), 2000)));
    }

    @Test
    void aListSignedByAnyOtherKeyIsRefused() {
        SignedDeviceList forged = SignedDeviceList.sign(first.with("dserver-added", 2000),
                KeyPair.generate(RANDOM).privateKey(), RANDOM);
        assertThat(forged.verify(account.publicKey(), "ualice", Optional.of(first)))
                .isInstanceOf(SignedDeviceList.Check.Refused.class);
    }

    @Test
    void anOlderListIsARollback() {
        DeviceList removed = first.with("dphone", 2000).without("dphone", 3000);
        SignedDeviceList old = SignedDeviceList.sign(first.with("dphone", 2000), account.privateKey(), RANDOM);
        assertThat(old.verify(account.publicKey(), "ualice", Optional.of(removed)))
                .isEqualTo(new SignedDeviceList.Check.Rollback(2, 3));
    }

    @Test
    void aDifferentListUnderTheSameVersionIsRefused() {
        DeviceList held = first.with("dphone", 2000);
        SignedDeviceList fork = SignedDeviceList.sign(first.with("dtablet", 2000), account.privateKey(), RANDOM);
        assertThat(fork.verify(account.publicKey(), "ualice", Optional.of(held)))
                .isInstanceOf(SignedDeviceList.Check.Refused.class);
        SignedDeviceList same = SignedDeviceList.sign(held, account.privateKey(), RANDOM);
        assertThat(same.verify(account.publicKey(), "ualice", Optional.of(held)))
                .isEqualTo(new SignedDeviceList.Check.Accepted(held));
    }

    @Test
    void anotherUsersListIsRefusedEvenIfWellSigned() {
        SignedDeviceList bobs = SignedDeviceList.sign(new DeviceList("ubob", 1, Set.of("d1"), 1), account.privateKey(),
                RANDOM);
        assertThat(bobs.verify(account.publicKey(), "ualice", Optional.empty()))
                .isInstanceOf(SignedDeviceList.Check.Refused.class);
    }

    @Test
    void aTamperedListFailsItsSignature() {
        SignedDeviceList signed = SignedDeviceList.sign(first, account.privateKey(), RANDOM);
        byte[] list = signed.list().clone();
        list[list.length - 1] ^= 1;
        assertThat(new SignedDeviceList(list, signed.signature()).verify(account.publicKey(), "ualice",
                Optional.empty())).isInstanceOf(SignedDeviceList.Check.Refused.class);
    }
}
