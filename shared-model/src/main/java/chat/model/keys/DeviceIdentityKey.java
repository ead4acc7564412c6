package chat.model.keys;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;

/**
 * One device's identity in the key directory, without any prekey: enough to list a user's devices, show a safety
 * number or tell whether an account has keys, and it hands out nothing.
 */
public record DeviceIdentityKey(String deviceId, KeySuite suite, Integer registrationId, String identityKey) {
    public DeviceIdentityKey {
        Ids.requireMatch(Ids.DEVICE_ID, deviceId, "deviceId");
        if (suite == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: suite");
        }
        KeyUpload.registrationId(registrationId);
        KeyBytes.publicKey(identityKey, "identityKey");
    }

    public byte[] identityKeyBytes() {
        return KeyBytes.bytes(identityKey);
    }
}
