package chat.functions.keys;

import chat.functions.store.DeviceKeysTable;
import chat.functions.store.DeviceKeysTable.Record;
import chat.functions.store.DevicesTable;
import chat.functions.store.DevicesTable.Device;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prekey bundles for starting sessions. Only current devices are served (the devices table decides, so keys a crash
 * left behind a removed device are never handed out), each with at most one one-time prekey, claimed for this fetch
 * alone; every fetch is counted against the requesting device's rate.
 */
@ApplicationScoped
public class BundleFetcher {
    private final DevicesTable devices;
    private final DeviceKeysTable deviceKeys;
    private final OneTimePreKeysTable oneTimeKeys;
    private final FetchThrottle throttle;

    public BundleFetcher(DevicesTable devices, DeviceKeysTable deviceKeys, OneTimePreKeysTable oneTimeKeys,
            FetchThrottle throttle) {
        this.devices = devices;
        this.deviceKeys = deviceKeys;
        this.oneTimeKeys = oneTimeKeys;
        this.throttle = throttle;
    }

    /**
     * A bundle for every current device of the user that has published keys, oldest device first; the requesting
     * device itself is left out. USER_NOT_FOUND when the user has no device (no such user, or a deleted one).
     */
    public KeyBundles ofUser(DevicePrincipal requester, String userId) {
        Ids.requireMatch(Ids.USER_ID, userId, "userId");
        throttle.acquire(requester);
        List<Device> current = devices.list(userId);
        if (current.isEmpty()) {
            throw new ChatException(ErrorCode.USER_NOT_FOUND, "no such user");
        }
        Map<String, Record> records = deviceKeys.ofUser(userId).stream()
                .collect(Collectors.toMap(Record::deviceId, Function.identity()));
        List<PreKeyBundle> bundles = new ArrayList<>();
        for (Device d : current) {
            Record r = records.get(d.deviceId());
            boolean self = userId.equals(requester.userId()) && d.deviceId().equals(requester.deviceId());
            if (r != null && !self) {
                bundles.add(bundle(r));
            }
        }
        return new KeyBundles(userId, bundles);
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
