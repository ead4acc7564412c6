package chat.functions.messaging;

/** The device connection a frame came from, as the broker vouches for it. */
public record Caller(String userId, String deviceId, String connectionId) {
}
