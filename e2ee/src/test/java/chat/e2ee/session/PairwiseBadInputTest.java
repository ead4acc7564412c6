package chat.e2ee.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.e2ee.curve.InvalidKeyException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a receiving device does with a bad message: a typed failure, no exception, and the session unchanged, so the
 * next good message still decrypts and nothing is shown twice.
 */
class PairwiseBadInputTest {
    private static final Address ALICE = new Address("ualice", "d1");
    private static final Address BOB = new Address("ubob", "d1");
    private OurDevice alice;
    private OurDevice bob;

    @BeforeEach
    void establish() {
        alice = new OurDevice();
        bob = new OurDevice();
        alice.startSessionWith(BOB, bob.bundle(true));
        assertThat(bob.decryptText(ALICE, alice.encrypt(BOB, "hi"))).isEqualTo("hi");
        assertThat(alice.decryptText(BOB, bob.encrypt(ALICE, "hi back"))).isEqualTo("hi back");
    }

    @Test
    void aTamperedCiphertextFailsItsMacAndTheNextMessageStillDecrypts() {
        CiphertextMessage good = alice.encrypt(BOB, "secret");
        for (int i = 1; i < good.serialized().length; i += 5) {
            byte[] bytes = good.serialized().clone();
            bytes[i] ^= 0x01;
            Decryption result = bob.decrypt(ALICE, new CiphertextMessage(good.kind(), bytes));
            assertThat(result).as("byte %d flipped", i).isInstanceOf(Decryption.Failed.class);
        }
        assertThat(bob.decryptText(ALICE, good)).isEqualTo("secret");
    }

    @Test
    void aFlippedMacByteIsBadMac() {
        CiphertextMessage good = alice.encrypt(BOB, "secret");
        byte[] bytes = good.serialized().clone();
        bytes[bytes.length - 1] ^= 0x40;
        assertThat(failure(bob.decrypt(ALICE, new CiphertextMessage(good.kind(), bytes)))).isEqualTo(Failure.BAD_MAC);
    }

    @Test
    void aTruncatedMessageIsMalformed() {
        CiphertextMessage good = alice.encrypt(BOB, "secret");
        for (int length : new int[] {0, 1, 5, 9}) {
            byte[] bytes = Arrays.copyOf(good.serialized(), length);
            assertThat(failure(bob.decrypt(ALICE, new CiphertextMessage(good.kind(), bytes)))).as("length %d", length)
                    .isEqualTo(Failure.MALFORMED);
        }
        byte[] cut = Arrays.copyOf(good.serialized(), good.serialized().length - 12);
        assertThat(bob.decrypt(ALICE, new CiphertextMessage(good.kind(), cut))).isInstanceOf(Decryption.Failed.class);
        assertThat(bob.decryptText(ALICE, good)).isEqualTo("secret");
    }

    @Test
    void aReplayedMessageIsADuplicateNotASecondPlaintext() {
        CiphertextMessage message = alice.encrypt(BOB, "once");
        assertThat(bob.decryptText(ALICE, message)).isEqualTo("once");
        assertThat(failure(bob.decrypt(ALICE, message))).isEqualTo(Failure.DUPLICATE);
    }

    @Test
    void aReplayedOutOfOrderMessageIsADuplicateToo() {
        CiphertextMessage first = alice.encrypt(BOB, "1");
        CiphertextMessage second = alice.encrypt(BOB, "2");
        assertThat(bob.decryptText(ALICE, second)).isEqualTo("2");
        assertThat(bob.decryptText(ALICE, first)).isEqualTo("1");
        assertThat(failure(bob.decrypt(ALICE, first))).isEqualTo(Failure.DUPLICATE);
    }

    @Test
    void aMessageForASessionTheDeviceLostIsNoSession() {
        OurDevice reinstalledBob = new OurDevice();
        assertThat(failure(reinstalledBob.decrypt(ALICE, alice.encrypt(BOB, "x")))).isEqualTo(Failure.NO_SESSION);
    }

    @Test
    void aMessageFromAnotherSessionFailsWithoutDisturbingThisOne() {
        OurDevice carol = new OurDevice();
        carol.startSessionWith(BOB, bob.bundle(true));
        bob.decryptText(new Address("ucarol", "d1"), carol.encrypt(BOB, "hi from carol"));
        CiphertextMessage carolsSecond = carol.encrypt(BOB, "for the carol session");
        assertThat(bob.decrypt(ALICE, carolsSecond)).isInstanceOf(Decryption.Failed.class);
        assertThat(bob.decryptText(ALICE, alice.encrypt(BOB, "still fine"))).isEqualTo("still fine");
    }

    @Test
    void anInitialMessageNamingAUsedOneTimePrekeyIsUnknownPrekey() {
        OurDevice dave = new OurDevice();
        PreKeyBundle bundle = bob.bundle(true);
        dave.startSessionWith(BOB, bundle);
        CiphertextMessage first = dave.encrypt(BOB, "first");
        bob.store.removeOneTimePreKey(bundle.oneTimePreKeyId().getAsInt());
        assertThat(failure(bob.decrypt(new Address("udave", "d1"), first))).isEqualTo(Failure.UNKNOWN_PREKEY);
    }

    @Test
    void aMessageMoreThan2000AheadIsRefused() {
        for (int i = 0; i < 2001; i++) {
            alice.encrypt(BOB, "skipped");
        }
        assertThat(failure(bob.decrypt(ALICE, alice.encrypt(BOB, "far")))).isEqualTo(Failure.TOO_FAR_AHEAD);
        assertThat(bob.decrypt(ALICE, alice.encrypt(BOB, "still too far"))).isInstanceOf(Decryption.Failed.class);
    }

    @Test
    void aBundleWithABadSignatureIsRefusedBeforeAnySessionExists() {
        PreKeyBundle good = bob.bundle(false);
        byte[] signature = good.signedPreKeySignature().clone();
        signature[3] ^= 1;
        PreKeyBundle forged = new PreKeyBundle(good.registrationId(), good.identityKey(), good.signedPreKeyId(),
                good.signedPreKey(), signature, OptionalInt.empty(), Optional.empty());
        OurDevice eve = new OurDevice();
        assertThatThrownBy(() -> eve.startSessionWith(BOB, forged)).isInstanceOf(InvalidKeyException.class);
        assertThat(eve.cipher.hasSession(BOB)).isFalse();
    }

    @Test
    void aChangedIdentityKeyIsNotTrustedUntilAccepted() {
        OurDevice impostor = new OurDevice();
        PreKeyBundle impostorBundle = impostor.bundle(true);
        assertThatThrownBy(() -> alice.startSessionWith(BOB, impostorBundle))
                .isInstanceOf(UntrustedIdentityException.class);
        assertThat(alice.decryptText(BOB, bob.encrypt(ALICE, "the real bob"))).isEqualTo("the real bob");
    }

    @Test
    void anInitialMessageFromAChangedIdentityIsUntrusted() {
        OurDevice newAlice = new OurDevice();
        newAlice.startSessionWith(BOB, bob.bundle(true));
        assertThat(failure(bob.decrypt(ALICE, newAlice.encrypt(BOB, "it is me, honestly"))))
                .isEqualTo(Failure.UNTRUSTED_IDENTITY);
    }

    @Test
    void aSecondCopyOfTheInitialMessageDoesNotStartASecondSession() {
        OurDevice erin = new OurDevice();
        Address erinAddress = new Address("uerin", "d1");
        erin.startSessionWith(BOB, bob.bundle(true));
        CiphertextMessage first = erin.encrypt(BOB, "first");
        CiphertextMessage second = erin.encrypt(BOB, "second");
        assertThat(bob.decryptText(erinAddress, first)).isEqualTo("first");
        assertThat(failure(bob.decrypt(erinAddress, first))).isEqualTo(Failure.DUPLICATE);
        assertThat(bob.decryptText(erinAddress, second)).isEqualTo("second");
        assertThat(erin.decryptText(BOB, bob.encrypt(erinAddress, "answer"))).isEqualTo("answer");
    }

    @Test
    void aSmallOrderRatchetKeyIsMalformedNotAnException() {
        byte[] zeroKey = new byte[33];
        zeroKey[0] = 0x05;
        CiphertextMessage good = alice.encrypt(BOB, "x");
        byte[] bytes = good.serialized().clone();
        // the ratchet key is the first field: tag, length 33, then the key
        System.arraycopy(zeroKey, 0, bytes, 3, 33);
        assertThat(failure(bob.decrypt(ALICE, new CiphertextMessage(good.kind(), bytes)))).isEqualTo(Failure.MALFORMED);
        assertThat(bob.decryptText(ALICE, good)).isEqualTo("x");
    }

    private static Failure failure(Decryption result) {
        assertThat(result).isInstanceOf(Decryption.Failed.class);
        return ((Decryption.Failed) result).failure();
    }
}
