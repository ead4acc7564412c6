package chat.client;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.messaging.PreKeys;
import chat.model.ErrorCode;
import chat.model.keys.KeyCounts;
import chat.model.keys.KeyLimits;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This device's keys in the key directory: the account identity made on the account's first device, the signed
 * prekey, and one-time prekeys topped up to {@link #TARGET} whenever fewer than {@link KeyLimits#TOP_UP_BELOW}
 * remain. Private halves are stored before the public ones go up, so an upload whose answer is lost is never
 * repeated with other keys under the same ids. Called on the device's crypto thread; it blocks on HTTP.
 */
final class DeviceKeys {
    /** One-time prekeys a device keeps published. */
    static final int TARGET = KeyLimits.MAX_ONE_TIME_PER_UPLOAD;

    enum Status {
        READY,
        /** No identity here, and the account's other devices have one: this device must be approved first. */
        NOT_APPROVED
    }

    private final KeyStore store;
    private final KeysApi api;
    private final SecureRandom random;

    DeviceKeys(KeyStore store, KeysApi api, SecureRandom random) {
        this.store = store;
        this.api = api;
        this.random = random;
    }

    /**
     * Makes the identity on an account's first device, then publishes what the directory lacks: the signed prekey
     * on the first upload, and one-time prekeys back up to {@link #TARGET}.
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
        boolean first = counts.signedPreKeyId() == null;
        int missing = first || counts.oneTimePreKeys() < KeyLimits.TOP_UP_BELOW
                ? Math.max(0, TARGET - counts.oneTimePreKeys()) : 0;
        if (!first && missing == 0) {
            return Status.READY;
        }
        KeyPair identity = store.identityKeyPair();
        KeysApi.SignedPublicPreKey signed = null;
        if (first) {
            PreKeys.Signed key = store.latestSignedPreKey().orElseGet(() -> {
                PreKeys.Signed made = PreKeys.signed(identity, 1, random);
                store.addSignedPreKey(made);
                return made;
            });
            signed = new KeysApi.SignedPublicPreKey(key.id(), key.keyPair().publicKey(), key.signature());
        }
        List<PreKeys.OneTime> oneTime = PreKeys.oneTime(store.lastOneTimePreKeyId() + 1, missing, random);
        Map<Integer, PublicKey> publicKeys = new LinkedHashMap<>();
        for (PreKeys.OneTime key : oneTime) {
            store.addOneTimePreKey(key);
            publicKeys.put(key.id(), key.keyPair().publicKey());
        }
        try {
            api.publish(bearer, identity.publicKey(), store.localRegistrationId(), signed, publicKeys);
        } catch (ChatApiException e) {
            if (e.code() == ErrorCode.IDENTITY_KEY_CHANGED) {
                throw new EndToEndException(EndToEndException.Reason.KEYS_REFUSED, "the server holds another identity"
                        + " key for this device (its local store was lost?): log in as a new device");
            }
            throw e;
        }
        return Status.READY;
    }
}
