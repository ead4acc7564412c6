package chat.functions.keys;

import chat.functions.store.DeviceKeysTable;
import chat.functions.store.DeviceKeysTable.Record;
import chat.functions.store.DevicesTable;
import chat.functions.store.OneTimePreKeysTable;
import chat.functions.store.OneTimePreKeysTable.PreKey;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.auth.DevicePrincipal;
import chat.model.keys.KeyBundles;
import chat.model.keys.KeySuite;
import chat.model.keys.OneTimePreKey;
import chat.model.keys.PreKeyBundle;
import chat.model.keys.SignedPreKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.Optional;

/**
 * Prekey bundles for starting sessions. Only current devices are served ({@link PublishedDevices}), each with at
 * most one one-time prekey, claimed for this fetch alone; every fetch is counted against the requesting device's rate.
 */
@ApplicationScoped
public class BundleFetcher {
    private final PublishedDevices published;
    private final DevicesTable devices;
    private final DeviceKeysTable deviceKeys;
    private final OneTimePreKeysTable oneTimeKeys;
    private final FetchThrottle throttle;

    public BundleFetcher(PublishedDevices published, DevicesTable devices, DeviceKeysTable deviceKeys,
            OneTimePreKeysTable oneTimeKeys, FetchThrottle throttle) {
        this.published = published;
        this.devices = devices;
        this.deviceKeys = deviceKeys;
        this.oneTimeKeys = oneTimeKeys;
        this.throttle = throttle;
    }

    /** A bundle for each of {@link PublishedDevices#of}; USER_NOT_FOUND when the user has no device. */
    public KeyBundles ofUser(DevicePrincipal requester, String userId) {
        Ids.requireMatch(Ids.USER_ID, userId, "userId");
        throttle.acquire(requester);
        return new KeyBundles(userId, published.of(requester, userId).stream().map(this::bundle).toList());
    }

    /** The bundle of one device; DEVICE_NOT_FOUND unless it is a current device of the user with published keys. */
    public PreKeyBundle ofDevice(DevicePrincipal requester, String userId, String deviceId) {
        Ids.requireMatch(Ids.USER_ID, userId, "userId");
        Ids.requireMatch(Ids.DEVICE_ID, deviceId, "deviceId");
        throttle.acquire(requester);
        Optional<Record> r = devices.exists(userId, deviceId) ? deviceKeys.get(userId, deviceId) : Optional.empty();
        return bundle(r.orElseThrow(() -> new ChatException(ErrorCode.DEVICE_NOT_FOUND,
                "no such device, or it has published no keys")));
    }

    private PreKeyBundle bundle(Record r) {
        Optional<PreKey> oneTime = oneTimeKeys.claim(r.userId(), r.deviceId());
        return new PreKeyBundle(r.deviceId(), KeySuite.fromWire(r.suite()), r.registrationId(), b64(r.identityKey()),
                new SignedPreKey(r.signedPreKeyId(), b64(r.signedPreKey()), b64(r.signedPreKeySignature())),
                oneTime.map(k -> new OneTimePreKey(k.keyId(), b64(k.publicKey()))).orElse(null), oneTime.isEmpty());
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
