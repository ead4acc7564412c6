package chat.client;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.group.SenderKeyName;
import chat.e2ee.group.SenderKeyStore;
import chat.e2ee.messaging.DistributionLedger;
import chat.e2ee.messaging.PreKeys;
import chat.e2ee.session.SignalStore;
import chat.model.frames.ChatMessage;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Where a device with end-to-end encryption keeps its keys, sessions, Sender Keys and the messages that wait for a
 * Sender Key: everything that must outlive the process, and nothing the server ever sees.
 * {@code chat.client.store.LocalStore#e2ee()} is the SQLite implementation; this interface keeps the device free of
 * it (no package cycle), as {@link DeviceStore} does.
 */
public interface KeyStore extends SignalStore, SenderKeyStore, DistributionLedger {
    /** Whether this device holds an account identity key yet. */
    boolean hasIdentity();

    /** Stores the account identity key this device uses; set once. */
    void setIdentity(KeyPair identity, int registrationId);

    /**
     * The provisioning key pair this device shows as its {@link LinkCode} while it waits to be approved: made by
     * {@code make} the first time, then the same one until the device is linked.
     */
    KeyPair provisioningKey(Supplier<KeyPair> make);

    /** The provisioning key pair, while this device waits to be approved. */
    Optional<KeyPair> pendingProvisioningKey();

    /** Every Sender Key this device holds (its own and other devices'): what it hands a device it approves. */
    List<SenderKeyName> senderKeyNames();

    /** When this device first sealed a message with its Sender Key {@code keyId} (the periodic rotation's clock). */
    OptionalLong senderKeyFirstUsed(String conversationId, int keyId);

    /** Records the first use of a Sender Key of this device; a time recorded before is kept. */
    void recordSenderKeyFirstUse(String conversationId, int keyId, long atMillis);

    /**
     * The newest signed device list this device verified for {@code userId} under {@code identityKey} (serialized
     * {@code SignedDeviceList}): a list the server serves later must not be older.
     */
    Optional<byte[]> heldDeviceList(String userId, PublicKey identityKey);

    /** Keeps a verified list; one with a version not above the held one is ignored. */
    void holdDeviceList(String userId, PublicKey identityKey, long version, byte[] signedList);

    /** Approved: the account identity key arrived sealed to the provisioning key, which goes (one transaction). */
    void linked(KeyPair identity, int registrationId);

    /** A signed prekey of this device and when it was made (it is replaced after {@code DeviceKeys.ROTATE_SIGNED}). */
    record DatedSignedPreKey(PreKeys.Signed key, long createdAtMillis) {
    }

    void addSignedPreKey(PreKeys.Signed key, long createdAtMillis);

    /** The newest signed prekey, with its signature: what a first upload, or an upload after a lost answer, sends. */
    Optional<DatedSignedPreKey> latestSignedPreKey();

    /**
     * Forgets the signed prekeys made before {@code beforeMillis}, except the newest: a session-starting message
     * built on one of them no longer opens.
     */
    void removeSignedPreKeysBefore(long beforeMillis);

    void addOneTimePreKey(PreKeys.OneTime key);

    /** The highest one-time prekey id issued so far (0 if none): ids are never reused. */
    int lastOneTimePreKeyId();

    /** A message whose sender's Sender Key has not arrived: kept, body as received, until it opens or expires. */
    void park(ChatMessage sealed, long sinceMillis);

    /** The parked messages of one sender device in a conversation, in seq order. */
    List<ChatMessage> parkedFrom(String conversationId, String senderUserId, String senderDeviceId);

    /** The message opened (or was given up on): it is parked no more. */
    void unpark(String conversationId, long seq);

    boolean isParked(String conversationId, long seq);

    /** The messages parked before {@code beforeMillis}, by conversation and seq: their key is late. */
    List<ChatMessage> parkedBefore(long beforeMillis);

    /** Removes and returns the messages parked before {@code beforeMillis}: their key never came. */
    List<ChatMessage> expireParked(long beforeMillis);
}
