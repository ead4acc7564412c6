package chat.model.keys;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PUT /v1/keys: the calling device publishes its public keys. There is no field for a private key. {@code userId}
 * and {@code deviceId} are optional; when given they must name the calling device (the server refuses any other).
 * {@code signedPreKey} is required on a device's first upload and replaces the stored one when given later
 * (rotation, with a fresh id); {@code oneTimePreKeys} may be empty or absent (a rotation alone).
 */
public record KeyUpload(KeySuite suite, String userId, String deviceId, String identityKey, Integer registrationId,
        SignedPreKey signedPreKey, List<OneTimePreKey> oneTimePreKeys) {
    public KeyUpload {
        if (suite == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: suite");
        }
        if (userId != null) {
            Ids.requireMatch(Ids.USER_ID, userId, "userId");
        }
        if (deviceId != null) {
            Ids.requireMatch(Ids.DEVICE_ID, deviceId, "deviceId");
        }
        KeyBytes.publicKey(identityKey, "identityKey");
        registrationId(registrationId);
        oneTimePreKeys = oneTimePreKeys == null ? List.of() : List.copyOf(nonNull(oneTimePreKeys));
        if (oneTimePreKeys.size() > KeyLimits.MAX_ONE_TIME_PER_UPLOAD) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "oneTimePreKeys: at most "
                    + KeyLimits.MAX_ONE_TIME_PER_UPLOAD + " per upload, not " + oneTimePreKeys.size());
        }
        Set<Integer> ids = new HashSet<>();
        for (OneTimePreKey k : oneTimePreKeys) {
            if (!ids.add(k.keyId())) {
                throw new ChatException(ErrorCode.KEY_ID_REUSED, "oneTimePreKeys repeats keyId " + k.keyId());
            }
        }
    }

    public byte[] identityKeyBytes() {
        return KeyBytes.bytes(identityKey);
    }

    static int registrationId(Integer registrationId) {
        if (registrationId == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: registrationId");
        }
        if (registrationId < KeyLimits.MIN_REGISTRATION_ID || registrationId > KeyLimits.MAX_REGISTRATION_ID) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "registrationId must be "
                    + KeyLimits.MIN_REGISTRATION_ID + " to " + KeyLimits.MAX_REGISTRATION_ID);
        }
        return registrationId;
    }

    private static List<OneTimePreKey> nonNull(List<OneTimePreKey> keys) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) == null) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "wrong type for field \"oneTimePreKeys[" + i
                        + "]\": expected an object");
            }
        }
        return keys;
    }
}
