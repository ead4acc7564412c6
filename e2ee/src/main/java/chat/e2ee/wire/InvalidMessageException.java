package chat.e2ee.wire;

/** A ciphertext message that cannot be read: truncated, of an unknown version, missing a field, or malformed. */
public final class InvalidMessageException extends RuntimeException {
    public InvalidMessageException(String message) {
        super(message);
    }
}
