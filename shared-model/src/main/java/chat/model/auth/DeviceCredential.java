package chat.model.auth;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;

/**
 * A device's long-lived credential as handed to the device once: {@code dc1.<userId>.<deviceId>.<secret>}.
 * The server keeps only a hash of the secret.
 */
public record DeviceCredential(String userId, String deviceId, String secret) {
    public static final String PREFIX = "dc1.";

    public DeviceCredential {
        Ids.requireMatch(Ids.USER_ID, userId, "userId");
        Ids.requireMatch(Ids.DEVICE_ID, deviceId, "deviceId");
        if (secret == null || secret.length() < 32 || secret.length() > 128) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "malformed credential");
        }
    }

    public static boolean looksLikeCredential(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    public static DeviceCredential parse(String value) {
        if (!looksLikeCredential(value)) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "malformed credential");
        }
        String[] parts = value.substring(PREFIX.length()).split("\\.", 3);
        if (parts.length != 3) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "malformed credential");
        }
        try {
            return new DeviceCredential(parts[0], parts[1], parts[2]);
        } catch (ChatException e) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "malformed credential");
        }
    }

    public String encode() {
        return PREFIX + userId + "." + deviceId + "." + secret;
    }
}
