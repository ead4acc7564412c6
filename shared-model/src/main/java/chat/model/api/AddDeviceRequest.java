package chat.model.api;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;

/** POST /v1/devices: log a new device in with the account's handle and password. */
public record AddDeviceRequest(String handle, String password, String deviceName) {
    public AddDeviceRequest {
        Ids.requireMatch(Ids.HANDLE, handle, "handle");
        Passwords.check(password);
        if (deviceName == null) {
            throw new ChatException(ErrorCode.MISSING_FIELD, "missing field: deviceName");
        }
        if (deviceName.isBlank() || deviceName.length() > 64) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "deviceName must be 1 to 64 characters");
        }
    }
}
