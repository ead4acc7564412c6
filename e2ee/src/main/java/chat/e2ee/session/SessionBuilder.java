package chat.e2ee.session;

import chat.e2ee.curve.InvalidKeyException;
import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.Xeddsa;
import java.security.SecureRandom;

/** Starts a session with a device from its prekey bundle (the X3DH initiator's side). */
public final class SessionBuilder {
    private final SignalStore store;
    private final SecureRandom random;

    public SessionBuilder(SignalStore store, SecureRandom random) {
        this.store = store;
        this.random = random;
    }

    /**
     * Builds a session from {@code bundle}. Until the remote device answers, every message to it is a
     * {@code PreKeySignalMessage}.
     *
     * @throws InvalidKeyException when the signed prekey's signature does not verify with the bundle's identity key
     * @throws UntrustedIdentityException when the bundle's identity key is not the one known for {@code address}
     */
    public void process(Address address, PreKeyBundle bundle) {
        if (!Xeddsa.verify(bundle.identityKey(), bundle.signedPreKey().serialize(), bundle.signedPreKeySignature())) {
            throw new InvalidKeyException("the signed prekey's signature does not verify with the identity key");
        }
        if (!store.isTrustedIdentity(address, bundle.identityKey())) {
            throw new UntrustedIdentityException(address);
        }
        KeyPair baseKey = KeyPair.generate(random);
        SessionState state = X3dh.initiator(store.identityKeyPair(), store.localRegistrationId(), baseKey,
                KeyPair.generate(random), bundle);
        state.pendingPreKey(new SessionState.PendingPreKey(bundle.oneTimePreKeyId(), bundle.signedPreKeyId(),
                baseKey.publicKey()));
        SessionRecord record = store.loadSession(address).orElseGet(SessionRecord::new);
        record.promote(state);
        store.saveIdentity(address, bundle.identityKey());
        store.storeSession(address, record);
    }
}
