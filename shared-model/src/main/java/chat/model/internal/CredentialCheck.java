package chat.model.internal;

public record CredentialCheck(String credential) {
}
