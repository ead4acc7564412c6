package chat.model.api;

import chat.model.Ids;
import chat.model.Text;

/** POST /v1/devices: log a new device in with the account's handle and password. */
public record AddDeviceRequest(String handle, String password, String deviceName) {
    public AddDeviceRequest {
        Ids.requireHandle(handle, "handle");
        Passwords.check(password);
        Text.requireName(deviceName, "deviceName", 64);
    }
}
