package chat.model.api;

public record AccountCreated(String userId, String handle, String displayName) {
}
