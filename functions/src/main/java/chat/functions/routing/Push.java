package chat.functions.routing;

/**
 * One frame for every connected device of {@code userId}, except {@code exceptDeviceId} (the sender's own); or, when
 * {@code onlyDeviceId} is set, for that one device of the user only (an inbox envelope). Device-addressed pushes go
 * through {@link ConnectionRouter}, which knows each connection's device.
 */
public record Push(String userId, String exceptDeviceId, String onlyDeviceId, String frame) {
    public Push(String userId, String exceptDeviceId, String frame) {
        this(userId, exceptDeviceId, null, frame);
    }

    /** A frame for one device of the user. */
    public static Push toDevice(String userId, String deviceId, String frame) {
        return new Push(userId, null, deviceId, frame);
    }

    /** Whether a connection of {@code deviceId} of this push's user gets the frame. */
    public boolean reaches(String deviceId) {
        return onlyDeviceId != null ? onlyDeviceId.equals(deviceId) : !deviceId.equals(exceptDeviceId);
    }
}
