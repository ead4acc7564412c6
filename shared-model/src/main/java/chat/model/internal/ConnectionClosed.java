package chat.model.internal;

/** A connection closed; {@code nodeId} is the broker instance that held it (as in {@link ConnectionOpened}). */
public record ConnectionClosed(String userId, String deviceId, String connectionId, String nodeId) {
}
