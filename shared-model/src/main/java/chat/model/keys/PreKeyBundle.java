package chat.model.keys;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a device needs to start a session with another device (X3DH): that device's identity key, registration id,
 * signed prekey and, while it has any left, one one-time prekey that no other fetch will ever get. Without one
 * ({@code oneTimePreKey} absent, {@code lastResort: true}) X3DH runs on the signed prekey alone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreKeyBundle(String deviceId, KeySuite suite, Integer registrationId, String identityKey,
        SignedPreKey signedPreKey, OneTimePreKey oneTimePreKey, boolean lastResort) {
    public PreKeyBundle {
        Ids.requireMatch(Ids.DEVICE_ID, deviceId, "deviceId");
        if (suite == null || signedPreKey == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: " + (suite == null ? "suite"
                    : "signedPreKey"));
        }
        KeyUpload.registrationId(registrationId);
        KeyBytes.publicKey(identityKey, "identityKey");
        if (lastResort != (oneTimePreKey == null)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "lastResort is true exactly when there is no oneTimePreKey");
        }
    }

    public byte[] identityKeyBytes() {
        return KeyBytes.bytes(identityKey);
    }
}
