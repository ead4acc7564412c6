package chat.model.api;

/** The device's credential is shown once; store it on the device. */
public record DeviceCreated(String userId, String deviceId, String credential) {
}
