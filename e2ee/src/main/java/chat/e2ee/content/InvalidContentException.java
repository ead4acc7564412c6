package chat.e2ee.content;

/**
 * A decrypted message whose content cannot be read: malformed, or structured content of a version this client does
 * not know (from a newer client; the message can be shown as "update to see this message").
 */
public final class InvalidContentException extends Exception {
    public enum Kind {
        MALFORMED,
        UNSUPPORTED_VERSION
    }

    private final Kind kind;

    public InvalidContentException(Kind kind, String detail) {
        super(kind == Kind.UNSUPPORTED_VERSION ? "unsupported content version: " + detail : detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
