package chat.model.keys;

import chat.model.ChatException;
import chat.model.ErrorCode;

/**
 * PUT /v1/device-list: the calling device publishes its account's signed device list (docs/e2ee.md), the bytes of a
 * {@code SignedDeviceList} in canonical base64. The server checks the signature with the caller's identity key and
 * that the version moves forward; it cannot make such a list itself.
 */
public record DeviceListUpload(KeySuite suite, String signedList) {
    /** A list of the most devices an account may have takes about 300 bytes. */
    public static final int MAX_SIGNED_LIST_BYTES = 2048;

    public DeviceListUpload {
        if (suite == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: suite");
        }
        KeyBytes.blob(signedList, "signedList", MAX_SIGNED_LIST_BYTES);
    }

    public byte[] signedListBytes() {
        return KeyBytes.bytes(signedList);
    }
}
