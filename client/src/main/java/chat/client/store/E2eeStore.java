package chat.client.store;

import chat.client.KeyStore;
import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PrivateKey;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.group.SenderKeyName;
import chat.e2ee.group.SenderKeyRecord;
import chat.e2ee.group.SenderKeyStore;
import chat.e2ee.messaging.DistributionLedger;
import chat.e2ee.messaging.PreKeys;
import chat.e2ee.session.Address;
import chat.e2ee.session.SessionRecord;
import chat.e2ee.session.SignalStore;
import java.time.Clock;
import chat.model.frames.ChatMessage;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The device's end-to-end encryption state in its local store: the account identity key it holds, its prekeys, its
 * sessions with other devices, the identity key known for each user (and whether the user verified the safety
 * number), the Sender Keys it holds, and which devices hold its own. Everything the {@code e2ee} library needs to
 * survive a restart; nothing here is ever sent to the server.
 */
public final class E2eeStore implements KeyStore {
    private static final String SIGNED = "signed";
    private static final String ONE_TIME = "one-time";

    private final Db db;
    private final Clock clock;

    E2eeStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Whether this device holds an account identity key yet (the first device makes one; a linked one receives it). */
    @Override
    public boolean hasIdentity() {
        return db.queryLong("SELECT COUNT(*) FROM e2ee_identity") == 1;
    }

    /** Stores the account identity key this device uses; set once (a second, different one is refused). */
    @Override
    public void setIdentity(KeyPair identity, int registrationId) {
        db.transaction(() -> {
            Optional<KeyPair> existing = identity();
            if (existing.isPresent()) {
                if (!existing.get().equals(identity)) {
                    throw new IllegalStateException("this device already holds another identity key");
                }
                return;
            }
            db.update("INSERT INTO e2ee_identity (id, public_key, private_key, registration_id) VALUES (1, ?, ?, ?)",
                    identity.publicKey().serialize(), identity.privateKey().bytes(), registrationId);
        });
    }

    @Override
    public KeyPair provisioningKey(Supplier<KeyPair> make) {
        return db.transaction(() -> pendingProvisioningKey().orElseGet(() -> {
            KeyPair made = make.get();
            db.update("INSERT INTO e2ee_provisioning (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?)",
                    made.publicKey().serialize(), made.privateKey().bytes(), clock.millis());
            return made;
        }));
    }

    @Override
    public Optional<KeyPair> pendingProvisioningKey() {
        return db.queryOne("SELECT public_key, private_key FROM e2ee_provisioning WHERE id = 1",
                rs -> new KeyPair(PublicKey.decode(rs.getBytes(1)), PrivateKey.of(rs.getBytes(2))));
    }

    @Override
    public void linked(KeyPair identity, int registrationId) {
        db.transaction(() -> {
            setIdentity(identity, registrationId);
            db.update("DELETE FROM e2ee_provisioning");
        });
    }

    private Optional<KeyPair> identity() {
        return db.queryOne("SELECT public_key, private_key FROM e2ee_identity WHERE id = 1",
                rs -> new KeyPair(PublicKey.decode(rs.getBytes(1)), PrivateKey.of(rs.getBytes(2))));
    }

    @Override
    public KeyPair identityKeyPair() {
        return identity().orElseThrow(() -> new IllegalStateException("this device has no identity key yet"));
    }

    @Override
    public int localRegistrationId() {
        return (int) db.queryOne("SELECT registration_id FROM e2ee_identity WHERE id = 1", rs -> rs.getLong(1))
                .orElseThrow(() -> new IllegalStateException("this device has no identity key yet")).longValue();
    }

    @Override
    public void addSignedPreKey(PreKeys.Signed key, long createdAtMillis) {
        db.update("INSERT INTO e2ee_prekeys (kind, key_id, public_key, private_key, signature, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", SIGNED, key.id(), key.keyPair().publicKey().serialize(),
                key.keyPair().privateKey().bytes(), key.signature(), createdAtMillis);
    }

    @Override
    public void removeSignedPreKeysBefore(long beforeMillis) {
        db.update("DELETE FROM e2ee_prekeys WHERE kind = ? AND created_at < ? AND key_id <> (SELECT key_id FROM"
                + " e2ee_prekeys WHERE kind = ? ORDER BY created_at DESC, key_id DESC LIMIT 1)", SIGNED, beforeMillis,
                SIGNED);
    }

    @Override
    public void addOneTimePreKey(PreKeys.OneTime key) {
        db.update("INSERT INTO e2ee_prekeys (kind, key_id, public_key, private_key, signature, created_at)"
                        + " VALUES (?, ?, ?, ?, NULL, ?)", ONE_TIME, key.id(), key.keyPair().publicKey().serialize(),
                key.keyPair().privateKey().bytes(), clock.millis());
    }

    /** The highest one-time prekey id issued so far (0 if none): the next batch continues after it. */
    @Override
    public int lastOneTimePreKeyId() {
        return (int) db.queryLong("SELECT COALESCE(MAX(key_id), 0) FROM e2ee_prekeys WHERE kind = ?", ONE_TIME);
    }

    @Override
    public Optional<KeyPair> signedPreKey(int id) {
        return preKey(SIGNED, id);
    }

    @Override
    public Optional<KeyPair> oneTimePreKey(int id) {
        return preKey(ONE_TIME, id);
    }

    @Override
    public void removeOneTimePreKey(int id) {
        db.update("DELETE FROM e2ee_prekeys WHERE kind = ? AND key_id = ?", ONE_TIME, id);
    }

    private Optional<KeyPair> preKey(String kind, int id) {
        return db.queryOne("SELECT public_key, private_key FROM e2ee_prekeys WHERE kind = ? AND key_id = ?",
                rs -> new KeyPair(PublicKey.decode(rs.getBytes(1)), PrivateKey.of(rs.getBytes(2))), kind, id);
    }

    @Override
    public Optional<SessionRecord> loadSession(Address address) {
        return db.queryOne("SELECT record FROM e2ee_sessions WHERE user_id = ? AND device_id = ?",
                rs -> SessionRecord.deserialize(rs.getBytes(1)), address.userId(), address.deviceId());
    }

    @Override
    public void storeSession(Address address, SessionRecord record) {
        db.update("INSERT INTO e2ee_sessions (user_id, device_id, record) VALUES (?, ?, ?)"
                        + " ON CONFLICT (user_id, device_id) DO UPDATE SET record = excluded.record",
                address.userId(), address.deviceId(), record.serialize());
    }

    @Override
    public boolean isTrustedIdentity(Address address, PublicKey identityKey) {
        return knownIdentity(address.userId()).map(identityKey::equals).orElse(true);
    }

    @Override
    public void saveIdentity(Address address, PublicKey identityKey) {
        trustOnFirstUse(address.userId(), identityKey);
    }

    /** {@code userId}'s identity key, trusted as the first one seen; a key already known for the user stays. */
    public void trustOnFirstUse(String userId, PublicKey identityKey) {
        db.update("INSERT INTO e2ee_identities (user_id, identity_key, verified, first_seen_at) VALUES (?, ?, 0, ?)"
                + " ON CONFLICT (user_id) DO NOTHING", userId, identityKey.serialize(), clock.millis());
    }

    /** The identity key this device knows for {@code userId}. */
    public Optional<PublicKey> knownIdentity(String userId) {
        return db.queryOne("SELECT identity_key FROM e2ee_identities WHERE user_id = ?",
                rs -> PublicKey.decode(rs.getBytes(1)), userId);
    }

    /** The user compared the safety number (in person, or by scanning) and it matched. */
    public void markVerified(String userId, PublicKey identityKey) {
        db.update("UPDATE e2ee_identities SET verified = 1 WHERE user_id = ? AND identity_key = ?", userId,
                identityKey.serialize());
    }

    public boolean isVerified(String userId) {
        return db.queryLong("SELECT verified FROM e2ee_identities WHERE user_id = ?", userId) == 1;
    }

    /**
     * The user accepted {@code userId}'s new identity key after seeing the safety number change: it replaces the old
     * one, unverified, and the sessions with that user's devices are dropped so new ones are built from their keys.
     */
    public void acceptChangedIdentity(String userId, PublicKey identityKey) {
        db.transaction(() -> {
            db.update("INSERT INTO e2ee_identities (user_id, identity_key, verified, first_seen_at) VALUES (?, ?, 0, ?)"
                    + " ON CONFLICT (user_id) DO UPDATE SET identity_key = excluded.identity_key, verified = 0",
                    userId, identityKey.serialize(), clock.millis());
            db.update("DELETE FROM e2ee_sessions WHERE user_id = ?", userId);
        });
    }

    @Override
    public Optional<SenderKeyRecord> load(SenderKeyName name) {
        return db.queryOne("SELECT record FROM e2ee_sender_keys WHERE conversation_id = ? AND user_id = ?"
                        + " AND device_id = ?", rs -> SenderKeyRecord.deserialize(rs.getBytes(1)),
                name.conversationId(), name.sender().userId(), name.sender().deviceId());
    }

    @Override
    public List<SenderKeyName> senderKeyNames() {
        return db.query("SELECT conversation_id, user_id, device_id FROM e2ee_sender_keys"
                        + " ORDER BY conversation_id, user_id, device_id",
                rs -> new SenderKeyName(rs.getString(1), new Address(rs.getString(2), rs.getString(3))));
    }

    @Override
    public void store(SenderKeyName name, SenderKeyRecord record) {
        db.update("INSERT INTO e2ee_sender_keys (conversation_id, user_id, device_id, record) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (conversation_id, user_id, device_id) DO UPDATE SET record = excluded.record",
                name.conversationId(), name.sender().userId(), name.sender().deviceId(), record.serialize());
    }

    @Override
    public OptionalInt heldFrom(String conversationId, int keyId, Address device) {
        return db.queryOne("SELECT from_iteration FROM e2ee_key_holders WHERE conversation_id = ? AND key_id = ?"
                        + " AND user_id = ? AND device_id = ?", rs -> rs.getInt(1), conversationId, keyId,
                device.userId(), device.deviceId()).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    @Override
    public void recordHolder(String conversationId, int keyId, Address device, int fromIteration) {
        db.update("INSERT INTO e2ee_key_holders (conversation_id, key_id, user_id, device_id, from_iteration)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", conversationId, keyId, device.userId(),
                device.deviceId(), fromIteration);
    }

    @Override
    public Set<Address> holders(String conversationId, int keyId) {
        return Set.copyOf(db.query("SELECT user_id, device_id FROM e2ee_key_holders WHERE conversation_id = ?"
                + " AND key_id = ?", rs -> new Address(rs.getString(1), rs.getString(2)), conversationId, keyId));
    }

    @Override
    public OptionalLong senderKeyFirstUsed(String conversationId, int keyId) {
        return db.queryOne("SELECT first_used_at FROM e2ee_own_sender_keys WHERE conversation_id = ? AND key_id = ?",
                rs -> rs.getLong(1), conversationId, keyId).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void recordSenderKeyFirstUse(String conversationId, int keyId, long atMillis) {
        db.update("INSERT INTO e2ee_own_sender_keys (conversation_id, key_id, first_used_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", conversationId, keyId, atMillis);
    }

    @Override
    public Optional<byte[]> heldDeviceList(String userId, PublicKey identityKey) {
        return db.queryOne("SELECT signed_list FROM e2ee_device_lists WHERE user_id = ? AND identity_key = ?",
                rs -> rs.getBytes(1), userId, identityKey.serialize());
    }

    @Override
    public void holdDeviceList(String userId, PublicKey identityKey, long version, byte[] signedList) {
        db.update("INSERT INTO e2ee_device_lists (user_id, identity_key, version, signed_list) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (user_id, identity_key) DO UPDATE SET version = excluded.version,"
                + " signed_list = excluded.signed_list WHERE excluded.version > e2ee_device_lists.version",
                userId, identityKey.serialize(), version, signedList);
    }

    @Override
    public Optional<DatedSignedPreKey> latestSignedPreKey() {
        return db.queryOne("SELECT key_id, public_key, private_key, signature, created_at FROM e2ee_prekeys"
                        + " WHERE kind = ? ORDER BY created_at DESC, key_id DESC LIMIT 1",
                rs -> new DatedSignedPreKey(new PreKeys.Signed(rs.getInt(1),
                        new KeyPair(PublicKey.decode(rs.getBytes(2)), PrivateKey.of(rs.getBytes(3))), rs.getBytes(4)),
                        rs.getLong(5)),
                SIGNED);
    }

    @Override
    public void park(ChatMessage sealed, long sinceMillis) {
        db.update("INSERT INTO e2ee_waiting (conversation_id, seq, sender_user_id, sender_device_id, client_msg_id,"
                        + " body, server_time, waiting_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (conversation_id, seq) DO NOTHING", sealed.conversationId(), sealed.seq(),
                sealed.senderUserId(), sealed.senderDeviceId(), sealed.clientMsgId(),
                Base64.getDecoder().decode(sealed.body()), sealed.serverTime(), sinceMillis);
    }

    @Override
    public List<ChatMessage> parkedFrom(String conversationId, String senderUserId, String senderDeviceId) {
        return db.query(WAITING_SELECT + " WHERE conversation_id = ? AND sender_user_id = ? AND sender_device_id = ?"
                + " ORDER BY seq", E2eeStore::waiting, conversationId, senderUserId, senderDeviceId);
    }

    @Override
    public void unpark(String conversationId, long seq) {
        db.update("DELETE FROM e2ee_waiting WHERE conversation_id = ? AND seq = ?", conversationId, seq);
    }

    @Override
    public boolean isParked(String conversationId, long seq) {
        return db.queryLong("SELECT COUNT(*) FROM e2ee_waiting WHERE conversation_id = ? AND seq = ?", conversationId,
                seq) > 0;
    }

    @Override
    public List<ChatMessage> parkedBefore(long beforeMillis) {
        return db.query(WAITING_SELECT + " WHERE waiting_since < ? ORDER BY conversation_id, seq", E2eeStore::waiting,
                beforeMillis);
    }

    @Override
    public List<ChatMessage> expireParked(long beforeMillis) {
        return db.transaction(() -> {
            List<ChatMessage> expired = db.query(WAITING_SELECT + " WHERE waiting_since < ? ORDER BY conversation_id,"
                    + " seq", E2eeStore::waiting, beforeMillis);
            db.update("DELETE FROM e2ee_waiting WHERE waiting_since < ?", beforeMillis);
            return expired;
        });
    }

    private static final String WAITING_SELECT = "SELECT conversation_id, seq, sender_user_id, sender_device_id,"
            + " client_msg_id, body, server_time FROM e2ee_waiting";

    private static ChatMessage waiting(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ChatMessage(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Base64.getEncoder().encodeToString(rs.getBytes(6)), rs.getLong(7));
    }
}
