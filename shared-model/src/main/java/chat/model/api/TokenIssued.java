package chat.model.api;

/** {@code expiresAt} is epoch milliseconds. */
public record TokenIssued(String token, long expiresAt, String userId, String deviceId) {
}
