package chat.e2ee.session;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.primitives.Hkdf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * X3DH (Signal's specification) as protocol version 3 uses it to start a Double Ratchet session: the master secret
 * is 32 bytes of 0xFF followed by DH1..DH3 (and DH4 when a one-time prekey was used), stretched with HKDF
 * ("WhisperText") into the first root key and chain key. The responder's signed prekey is its first ratchet key.
 */
final class X3dh {
    private static final byte[] INFO = "WhisperText".getBytes(StandardCharsets.US_ASCII);

    private X3dh() {
    }

    static SessionState initiator(KeyPair ourIdentity, int ourRegistrationId, KeyPair ourBaseKey,
            KeyPair ourFirstRatchetKey, PreKeyBundle bundle) {
        ByteArrayOutputStream secrets = discontinuity();
        secrets.writeBytes(ourIdentity.privateKey().agree(bundle.signedPreKey()));
        secrets.writeBytes(ourBaseKey.privateKey().agree(bundle.identityKey()));
        secrets.writeBytes(ourBaseKey.privateKey().agree(bundle.signedPreKey()));
        bundle.oneTimePreKey().ifPresent(key -> secrets.writeBytes(ourBaseKey.privateKey().agree(key)));
        byte[][] derived = derive(secrets);
        RootKey.Step sending = new RootKey(derived[0]).step(bundle.signedPreKey(), ourFirstRatchetKey);
        SessionState state = new SessionState(ourIdentity.publicKey(), bundle.identityKey(), ourRegistrationId,
                bundle.registrationId(), ourBaseKey.publicKey(), sending.rootKey(), ourFirstRatchetKey,
                sending.chainKey());
        state.addReceiverChain(bundle.signedPreKey(), new ChainKey(derived[1], 0));
        return state;
    }

    static SessionState responder(KeyPair ourIdentity, int ourRegistrationId, KeyPair ourSignedPreKey,
            Optional<KeyPair> ourOneTimePreKey, PublicKey theirIdentity, int theirRegistrationId,
            PublicKey theirBaseKey) {
        ByteArrayOutputStream secrets = discontinuity();
        secrets.writeBytes(ourSignedPreKey.privateKey().agree(theirIdentity));
        secrets.writeBytes(ourIdentity.privateKey().agree(theirBaseKey));
        secrets.writeBytes(ourSignedPreKey.privateKey().agree(theirBaseKey));
        ourOneTimePreKey.ifPresent(key -> secrets.writeBytes(key.privateKey().agree(theirBaseKey)));
        byte[][] derived = derive(secrets);
        return new SessionState(ourIdentity.publicKey(), theirIdentity, ourRegistrationId, theirRegistrationId,
                theirBaseKey, new RootKey(derived[0]), ourSignedPreKey, new ChainKey(derived[1], 0));
    }

    private static ByteArrayOutputStream discontinuity() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] ff = new byte[32];
        Arrays.fill(ff, (byte) 0xFF);
        out.writeBytes(ff);
        return out;
    }

    private static byte[][] derive(ByteArrayOutputStream secrets) {
        byte[] master = secrets.toByteArray();
        byte[] derived = Hkdf.derive(master, null, INFO, 64);
        Arrays.fill(master, (byte) 0);
        return new byte[][] {Arrays.copyOfRange(derived, 0, 32), Arrays.copyOfRange(derived, 32, 64)};
    }
}
