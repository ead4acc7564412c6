package chat.model.keys;

import chat.model.Ids;
import java.util.List;

/** GET /v1/identity-keys/{userId}: the identity of each current device of the user that has published keys. */
public record IdentityKeys(String userId, List<DeviceIdentityKey> devices) {
    public IdentityKeys {
        Ids.requireMatch(Ids.USER_ID, userId, "userId");
        devices = devices == null ? List.of() : List.copyOf(devices);
    }
}
