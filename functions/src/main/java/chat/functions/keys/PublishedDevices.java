package chat.functions.keys;

import chat.functions.store.DeviceKeysTable;
import chat.functions.store.DeviceKeysTable.Record;
import chat.functions.store.DevicesTable;
import chat.functions.store.DevicesTable.Device;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.auth.DevicePrincipal;
import chat.model.keys.DeviceIdentityKey;
import chat.model.keys.IdentityKeys;
import chat.model.keys.KeySuite;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A user's current devices that have published keys, as another device sees them: the devices table decides which
 * are current (keys a crash left behind a removed device are never listed), oldest first, and the requesting device
 * itself is left out (it needs no session with itself).
 */
@ApplicationScoped
public class PublishedDevices {
    private final DevicesTable devices;
    private final DeviceKeysTable deviceKeys;
    private final DeviceListPublisher deviceLists;

    public PublishedDevices(DevicesTable devices, DeviceKeysTable deviceKeys, DeviceListPublisher deviceLists) {
        this.devices = devices;
        this.deviceKeys = deviceKeys;
        this.deviceLists = deviceLists;
    }

    /** Their key records; USER_NOT_FOUND when the user has no device (no such user, or a deleted one). */
    public List<Record> of(DevicePrincipal requester, String userId) {
        Ids.requireMatch(Ids.USER_ID, userId, "userId");
        List<Device> current = devices.list(userId);
        if (current.isEmpty()) {
            throw new ChatException(ErrorCode.USER_NOT_FOUND, "no such user");
        }
        Map<String, Record> records = deviceKeys.ofUser(userId).stream()
                .collect(Collectors.toMap(Record::deviceId, Function.identity()));
        List<Record> published = new ArrayList<>();
        for (Device d : current) {
            Record r = records.get(d.deviceId());
            boolean self = userId.equals(requester.userId()) && d.deviceId().equals(requester.deviceId());
            if (r != null && !self) {
                published.add(r);
            }
        }
        return published;
    }

    /**
     * Their identity keys alone, and the user's signed device list: no prekey is handed out, so listing is not counted
     * against the fetch rate.
     */
    public IdentityKeys identities(DevicePrincipal requester, String userId) {
        List<DeviceIdentityKey> identities = of(requester, userId).stream()
                .map(r -> new DeviceIdentityKey(r.deviceId(), KeySuite.fromWire(r.suite()), r.registrationId(),
                        Base64.getEncoder().encodeToString(r.identityKey())))
                .toList();
        return new IdentityKeys(userId, identities,
                deviceLists.of(userId).map(Base64.getEncoder()::encodeToString).orElse(null));
    }
}
