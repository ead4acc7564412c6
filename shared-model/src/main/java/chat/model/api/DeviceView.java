package chat.model.api;

/** One device of the caller's account; {@code current} marks the device that asked. */
public record DeviceView(String deviceId, String name, long createdAt, boolean current) {
}
