package chat.model.auth;

import chat.model.Ids;

/** An authenticated device. {@code expiresAt} is epoch ms, or 0 for a credential (which does not expire). */
public record DevicePrincipal(String userId, String deviceId, long expiresAt) {
    public DevicePrincipal {
        Ids.requireMatch(Ids.USER_ID, userId, "userId");
        Ids.requireMatch(Ids.DEVICE_ID, deviceId, "deviceId");
    }
}
