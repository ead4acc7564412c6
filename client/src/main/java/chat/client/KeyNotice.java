package chat.client;

/**
 * A recipient device that could not be given this device's Sender Key, so it cannot read what was just sent to
 * {@code conversationId}: it published no keys, its keys are bad, or its user's identity key changed
 * ({@code identityChanged}: shown to the user, who compares the new safety number and accepts it before anything is
 * sent to the new key).
 */
public record KeyNotice(String conversationId, String userId, String deviceId, String reason,
        boolean identityChanged) {
}
