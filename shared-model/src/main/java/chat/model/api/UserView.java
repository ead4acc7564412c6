package chat.model.api;

/** GET /v1/users/{handle}: public profile. */
public record UserView(String userId, String handle, String displayName) {
}
