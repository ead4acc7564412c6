package chat.client.store;

/** A user as last looked up ({@code GET /v1/users/{handle}}): {@code fetchedAt} says how fresh the name is. */
public record Contact(String userId, String handle, String displayName, long fetchedAt) {
}
