package chat.model.internal;

/** A device's connection, at a broker node reachable on {@code callbackUrl} (base URL of its deliveries API). */
public record ConnectionOpened(String userId, String deviceId, String connectionId, String nodeId,
        String callbackUrl) {
}
