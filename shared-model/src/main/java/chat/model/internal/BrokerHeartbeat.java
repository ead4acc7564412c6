package chat.model.internal;

/**
 * A broker instance is alive; sent every {@code chat.broker.liveness-interval}. {@code nodeId} is the instance id
 * (also the one in {@link ConnectionOpened}), so a restarted node never revives its predecessor's connections.
 */
public record BrokerHeartbeat(String nodeId, String callbackUrl) {
}
