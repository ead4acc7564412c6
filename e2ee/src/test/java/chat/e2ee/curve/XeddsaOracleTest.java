package chat.e2ee.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.whispersystems.libsignal.ecc.Curve;
import org.whispersystems.libsignal.ecc.ECKeyPair;

/** Our XEdDSA against Signal's own (signal-protocol-java 2.8.1, curve25519-java), in both directions. */
class XeddsaOracleTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @RepeatedTest(20)
    void signalVerifiesOurSignatures() throws Exception {
        KeyPair ours = KeyPair.generate(RANDOM);
        byte[] message = randomMessage();
        byte[] signature = Xeddsa.sign(ours.privateKey(), message, RANDOM);
        assertThat(Curve.verifySignature(Curve.decodePoint(ours.publicKey().serialize(), 0), message, signature))
                .isTrue();
    }

    @RepeatedTest(20)
    void weVerifySignalsSignatures() throws Exception {
        ECKeyPair theirs = Curve.generateKeyPair();
        byte[] message = randomMessage();
        byte[] signature = Curve.calculateSignature(theirs.getPrivateKey(), message);
        assertThat(Xeddsa.verify(PublicKey.decode(theirs.getPublicKey().serialize()), message, signature)).isTrue();
    }

    @Test
    void aSignedPrekeySignatureCoversTheSerializedKey() throws Exception {
        ECKeyPair identity = Curve.generateKeyPair();
        KeyPair signedPreKey = KeyPair.generate(RANDOM);
        byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), signedPreKey.publicKey().serialize());
        PublicKey identityKey = PublicKey.decode(identity.getPublicKey().serialize());
        assertThat(Xeddsa.verify(identityKey, signedPreKey.publicKey().serialize(), signature)).isTrue();
        assertThat(Xeddsa.verify(identityKey, signedPreKey.publicKey().u(), signature)).isFalse();
    }

    @Test
    void ourKeysAgreeWithSignalsKeys() throws Exception {
        KeyPair ours = KeyPair.generate(RANDOM);
        ECKeyPair theirs = Curve.generateKeyPair();
        byte[] oursAgreed = ours.privateKey().agree(PublicKey.decode(theirs.getPublicKey().serialize()));
        byte[] theirsAgreed = Curve.calculateAgreement(Curve.decodePoint(ours.publicKey().serialize(), 0),
                theirs.getPrivateKey());
        assertThat(oursAgreed).isEqualTo(theirsAgreed);
    }

    @Test
    void signalsPrivateKeyGivesTheSamePublicKeyHere() throws Exception {
        ECKeyPair theirs = Curve.generateKeyPair();
        PrivateKey imported = PrivateKey.of(theirs.getPrivateKey().serialize());
        assertThat(imported.publicKey().serialize()).isEqualTo(theirs.getPublicKey().serialize());
    }

    @Test
    void aFlippedBitInMessageOrSignatureFailsVerification() {
        KeyPair key = KeyPair.generate(RANDOM);
        byte[] message = randomMessage();
        byte[] signature = Xeddsa.sign(key.privateKey(), message, RANDOM);
        for (int bit = 0; bit < 512; bit += 7) {
            byte[] tampered = signature.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Xeddsa.verify(key.publicKey(), message, tampered)).as("bit %d", bit).isFalse();
        }
        byte[] otherMessage = message.clone();
        otherMessage[0] ^= 1;
        assertThat(Xeddsa.verify(key.publicKey(), otherMessage, signature)).isFalse();
        assertThat(Xeddsa.verify(KeyPair.generate(RANDOM).publicKey(), message, signature)).isFalse();
    }

    @Test
    void malformedSignaturesAreFalseNotExceptions() {
        KeyPair key = KeyPair.generate(RANDOM);
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        assertThat(Xeddsa.verify(key.publicKey(), message, new byte[63])).isFalse();
        assertThat(Xeddsa.verify(key.publicKey(), message, new byte[64])).isFalse();
        assertThat(Xeddsa.verify(key.publicKey(), message, null)).isFalse();
        byte[] highS = Xeddsa.sign(key.privateKey(), message, RANDOM);
        highS[63] |= (byte) 0x40;
        assertThat(Xeddsa.verify(key.publicKey(), message, highS)).isFalse();
        byte[] otherSign = Xeddsa.sign(key.privateKey(), message, RANDOM);
        otherSign[63] |= (byte) 0x80;
        assertThat(Xeddsa.verify(key.publicKey(), message, otherSign)).isFalse();
    }

    @Test
    void aKeyWithUAtOrAboveThePrimeIsRefused() {
        byte[] serialized = new byte[33];
        serialized[0] = 0x05;
        java.util.Arrays.fill(serialized, 1, 33, (byte) 0xFF);
        assertThat(Xeddsa.verify(PublicKey.decode(serialized), new byte[1], new byte[64])).isFalse();
    }

    private static byte[] randomMessage() {
        byte[] message = new byte[1 + RANDOM.nextInt(200)];
        RANDOM.nextBytes(message);
        return message;
    }
}
