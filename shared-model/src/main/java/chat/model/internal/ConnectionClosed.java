package chat.model.internal;

public record ConnectionClosed(String userId, String deviceId, String connectionId) {
}
