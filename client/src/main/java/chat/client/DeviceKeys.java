package chat.client;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.messaging.PreKeys;
import chat.model.ErrorCode;
import chat.model.keys.KeyCounts;
import chat.model.keys.KeyLimits;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This device's keys in the key directory: the account identity made on the account's first device, the signed
 * prekey, and one-time prekeys topped up to {@link #TARGET} whenever fewer than {@link KeyLimits#TOP_UP_BELOW}
 * remain. Private halves are stored before the public ones go up, so an upload whose answer is lost is never
 * repeated with other keys under the same ids. Called on the device's crypto thread; it blocks on HTTP.
 */
final class DeviceKeys {
    /** One-time prekeys a device keeps published. */
    static final int TARGET = KeyLimits.MAX_ONE_TIME_PER_UPLOAD;
    /** Age at which a device replaces its signed prekey (Signal's apps: every few days to weeks). */
    static final Duration ROTATE_SIGNED = Duration.ofDays(7);
    /** How long a replaced signed prekey still opens session-starting messages built on it (as Signal: 30 days). */
    static final Duration KEEP_OLD_SIGNED = Duration.ofDays(30);

    enum Status {
        READY,
        /** No identity here, and the account's other devices have one: this device must be approved first. */
        NOT_APPROVED
    }

    private final KeyStore store;
    private final KeysApi api;
    private final SecureRandom random;
    private final Clock clock;

    DeviceKeys(KeyStore store, KeysApi api, SecureRandom random, Clock clock) {
        this.store = store;
        this.api = api;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Makes the identity on an account's first device, then publishes what the directory lacks: the signed prekey
     * on the first upload, a new one once the current one is {@link #ROTATE_SIGNED} old (or the newest again when the
     * answer to its upload was lost), and one-time prekeys back up to {@link #TARGET}.
     */
    synchronized Status ensurePublished(String bearer, String userId) {
        if (!store.hasIdentity()) {
            if (!api.identities(bearer, userId).devices().isEmpty()) {
                return Status.NOT_APPROVED;
            }
            store.setIdentity(KeyPair.generate(random),
                    KeyLimits.MIN_REGISTRATION_ID + random.nextInt(KeyLimits.MAX_REGISTRATION_ID));
        }
        KeyCounts counts = api.counts(bearer);
        long now = clock.millis();
        PreKeys.Signed signed = signedToUpload(counts, now);
        int missing = signed != null || counts.oneTimePreKeys() < KeyLimits.TOP_UP_BELOW
                ? Math.max(0, TARGET - counts.oneTimePreKeys()) : 0;
        if (signed == null && missing == 0) {
            return Status.READY;
        }
        KeyPair identity = store.identityKeyPair();
        List<PreKeys.OneTime> oneTime = PreKeys.oneTime(store.lastOneTimePreKeyId() + 1, missing, random);
        Map<Integer, PublicKey> publicKeys = new LinkedHashMap<>();
        for (PreKeys.OneTime key : oneTime) {
            store.addOneTimePreKey(key);
            publicKeys.put(key.id(), key.keyPair().publicKey());
        }
        try {
            api.publish(bearer, identity.publicKey(), store.localRegistrationId(), signed == null ? null
                    : new KeysApi.SignedPublicPreKey(signed.id(), signed.keyPair().publicKey(), signed.signature()),
                    publicKeys);
        } catch (ChatApiException e) {
            if (e.code() == ErrorCode.IDENTITY_KEY_CHANGED) {
                throw new EndToEndException(EndToEndException.Reason.KEYS_REFUSED, "the server holds another identity"
                        + " key for this device (its local store was lost?): log in as a new device");
            }
            throw e;
        }
        if (signed != null) {
            store.removeSignedPreKeysBefore(now - KEEP_OLD_SIGNED.toMillis());
        }
        return Status.READY;
    }

    /** The signed prekey this upload must carry, or null when the directory's is current. */
    private PreKeys.Signed signedToUpload(KeyCounts counts, long now) {
        Optional<KeyStore.DatedSignedPreKey> latest = store.latestSignedPreKey();
        if (latest.isEmpty() || now - latest.get().createdAtMillis() >= ROTATE_SIGNED.toMillis()) {
            // stored before it goes up: an upload whose answer is lost sends this same key again
            int id = latest.map(l -> l.key().id() % KeyLimits.MAX_KEY_ID + 1).orElse(1);
            PreKeys.Signed made = PreKeys.signed(store.identityKeyPair(), id, random);
            store.addSignedPreKey(made, now);
            return made;
        }
        Integer published = counts.signedPreKeyId();
        return published == null || published != latest.get().key().id() ? latest.get().key() : null;
    }
}
