package chat.e2ee.session;

import chat.e2ee.curve.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.whispersystems.libsignal.IdentityKey;
import org.whispersystems.libsignal.IdentityKeyPair;
import org.whispersystems.libsignal.SignalProtocolAddress;
import org.whispersystems.libsignal.ecc.Curve;
import org.whispersystems.libsignal.protocol.CiphertextMessage;
import org.whispersystems.libsignal.protocol.PreKeySignalMessage;
import org.whispersystems.libsignal.protocol.SignalMessage;
import org.whispersystems.libsignal.state.PreKeyRecord;
import org.whispersystems.libsignal.state.SignedPreKeyRecord;
import org.whispersystems.libsignal.state.impl.InMemorySignalProtocolStore;
import org.whispersystems.libsignal.util.KeyHelper;

/** A device running Signal's own implementation (signal-protocol-java 2.8.1): the oracle the tests compare with. */
final class OracleDevice {
    final IdentityKeyPair identity = KeyHelper.generateIdentityKeyPair();
    final int registrationId = KeyHelper.generateRegistrationId(false);
    final InMemorySignalProtocolStore store = new InMemorySignalProtocolStore(identity, registrationId);
    private final SignedPreKeyRecord signedPreKey;
    private final List<PreKeyRecord> preKeys;
    private int nextPreKey;

    OracleDevice() throws Exception {
        signedPreKey = KeyHelper.generateSignedPreKey(identity, 7);
        store.storeSignedPreKey(signedPreKey.getId(), signedPreKey);
        preKeys = KeyHelper.generatePreKeys(100, 10);
        for (PreKeyRecord preKey : preKeys) {
            store.storePreKey(preKey.getId(), preKey);
        }
    }

    /** Its bundle in our types, with the next one-time prekey, or none ({@code withOneTimePreKey = false}). */
    PreKeyBundle bundle(boolean withOneTimePreKey) {
        PreKeyRecord preKey = preKeys.get(nextPreKey++);
        return new PreKeyBundle(registrationId, PublicKey.decode(identity.getPublicKey().serialize()),
                signedPreKey.getId(), PublicKey.decode(signedPreKey.getKeyPair().getPublicKey().serialize()),
                signedPreKey.getSignature(),
                withOneTimePreKey ? OptionalInt.of(preKey.getId()) : OptionalInt.empty(),
                withOneTimePreKey
                        ? Optional.of(PublicKey.decode(preKey.getKeyPair().getPublicKey().serialize()))
                        : Optional.empty());
    }

    void startSessionWith(SignalProtocolAddress address, OurDevice ours, boolean withOneTimePreKey)
            throws Exception {
        PreKeyBundle bundle = ours.bundle(withOneTimePreKey);
        org.whispersystems.libsignal.state.PreKeyBundle theirs = new org.whispersystems.libsignal.state.PreKeyBundle(
                bundle.registrationId(), 1,
                bundle.oneTimePreKeyId().orElse(-1),
                bundle.oneTimePreKey().map(OracleDevice::point).orElse(null),
                bundle.signedPreKeyId(), point(bundle.signedPreKey()), bundle.signedPreKeySignature(),
                new IdentityKey(bundle.identityKey().serialize(), 0));
        new org.whispersystems.libsignal.SessionBuilder(store, address).process(theirs);
    }

    chat.e2ee.session.CiphertextMessage encrypt(SignalProtocolAddress to, String text) throws Exception {
        CiphertextMessage message = new org.whispersystems.libsignal.SessionCipher(store, to).encrypt(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new chat.e2ee.session.CiphertextMessage(message.getType() == CiphertextMessage.PREKEY_TYPE
                ? chat.e2ee.session.CiphertextMessage.Kind.PREKEY
                : chat.e2ee.session.CiphertextMessage.Kind.WHISPER, message.serialize());
    }

    String decrypt(SignalProtocolAddress from, chat.e2ee.session.CiphertextMessage message) throws Exception {
        org.whispersystems.libsignal.SessionCipher cipher = new org.whispersystems.libsignal.SessionCipher(store, from);
        byte[] plaintext = message.kind() == chat.e2ee.session.CiphertextMessage.Kind.PREKEY
                ? cipher.decrypt(new PreKeySignalMessage(message.serialized()))
                : cipher.decrypt(new SignalMessage(message.serialized()));
        return new String(plaintext, java.nio.charset.StandardCharsets.UTF_8);
    }

    static org.whispersystems.libsignal.ecc.ECPublicKey point(PublicKey key) {
        try {
            return Curve.decodePoint(key.serialize(), 0);
        } catch (org.whispersystems.libsignal.InvalidKeyException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
