package chat.e2ee.session;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import java.util.Optional;

/**
 * A device's own keys and its sessions with other devices. Everything here stays on the device; the client backs it
 * with its local store, tests with {@link InMemorySignalStore}.
 */
public interface SignalStore {
    KeyPair identityKeyPair();

    /** Signal's 14-bit registration id of this install (1..16380). */
    int localRegistrationId();

    Optional<KeyPair> signedPreKey(int id);

    Optional<KeyPair> oneTimePreKey(int id);

    /** A one-time prekey is used once: removed as soon as a session was built from it. */
    void removeOneTimePreKey(int id);

    /** A record the caller owns: changing it changes nothing stored until {@link #storeSession} is called. */
    Optional<SessionRecord> loadSession(Address address);

    void storeSession(Address address, SessionRecord record);

    /**
     * Whether {@code identityKey} may be used for {@code address}. All devices of a user share the account's identity
     * key (as in Signal), so trust is per user: true for the key already known for {@code address.userId()} or for a
     * first contact; false for a different key — a changed identity, or a device that is not the user's — until the
     * user accepts it (the safety-number check).
     */
    boolean isTrustedIdentity(Address address, PublicKey identityKey);

    void saveIdentity(Address address, PublicKey identityKey);
}
