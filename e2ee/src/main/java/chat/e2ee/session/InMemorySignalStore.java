package chat.e2ee.session;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SignalStore} in memory, trusting a user's identity key on first use. Sessions are kept serialized, exactly as a durable store
 * keeps them, so everything that uses this store also exercises the stored format.
 */
public final class InMemorySignalStore implements SignalStore {
    private final KeyPair identity;
    private final int registrationId;
    private final Map<Integer, KeyPair> signedPreKeys = new HashMap<>();
    private final Map<Integer, KeyPair> oneTimePreKeys = new HashMap<>();
    private final Map<Address, byte[]> sessions = new HashMap<>();
    private final Map<String, PublicKey> identities = new HashMap<>();

    public InMemorySignalStore(KeyPair identity, int registrationId) {
        this.identity = identity;
        this.registrationId = registrationId;
    }

    public synchronized void addSignedPreKey(int id, KeyPair key) {
        signedPreKeys.put(id, key);
    }

    public synchronized void addOneTimePreKey(int id, KeyPair key) {
        oneTimePreKeys.put(id, key);
    }

    @Override
    public KeyPair identityKeyPair() {
        return identity;
    }

    @Override
    public int localRegistrationId() {
        return registrationId;
    }

    @Override
    public synchronized Optional<KeyPair> signedPreKey(int id) {
        return Optional.ofNullable(signedPreKeys.get(id));
    }

    @Override
    public synchronized Optional<KeyPair> oneTimePreKey(int id) {
        return Optional.ofNullable(oneTimePreKeys.get(id));
    }

    @Override
    public synchronized void removeOneTimePreKey(int id) {
        oneTimePreKeys.remove(id);
    }

    @Override
    public synchronized Optional<SessionRecord> loadSession(Address address) {
        return Optional.ofNullable(sessions.get(address)).map(SessionRecord::deserialize);
    }

    @Override
    public synchronized void storeSession(Address address, SessionRecord record) {
        sessions.put(address, record.serialize());
    }

    @Override
    public synchronized boolean isTrustedIdentity(Address address, PublicKey identityKey) {
        PublicKey known = identities.get(address.userId());
        return known == null || known.equals(identityKey);
    }

    @Override
    public synchronized void saveIdentity(Address address, PublicKey identityKey) {
        identities.put(address.userId(), identityKey);
    }
}
