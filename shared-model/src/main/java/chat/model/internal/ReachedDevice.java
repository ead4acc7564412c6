package chat.model.internal;

/** A device a broker pushed a user-addressed delivery to (it holds a connection of that device). */
public record ReachedDevice(String userId, String deviceId) {
    public ReachedDevice {
        if (userId == null || deviceId == null) {
            throw new IllegalArgumentException("userId and deviceId are required");
        }
    }
}
