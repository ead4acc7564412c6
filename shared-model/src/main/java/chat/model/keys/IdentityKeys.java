package chat.model.keys;

import chat.model.Ids;
import java.util.List;

/**
 * GET /v1/identity-keys/{userId}: the identity of each current device of the user that has published keys, and the
 * user's signed device list as one of their devices uploaded it (base64; null when none was uploaded). Clients trust
 * a device only if the list, verified with the user's identity key, names it.
 */
public record IdentityKeys(String userId, List<DeviceIdentityKey> devices, String deviceList) {
    public IdentityKeys {
        Ids.requireMatch(Ids.USER_ID, userId, "userId");
        devices = devices == null ? List.of() : List.copyOf(devices);
        if (deviceList != null) {
            KeyBytes.blob(deviceList, "deviceList", DeviceListUpload.MAX_SIGNED_LIST_BYTES);
        }
    }

    public byte[] deviceListBytes() {
        return deviceList == null ? null : KeyBytes.bytes(deviceList);
    }
}
