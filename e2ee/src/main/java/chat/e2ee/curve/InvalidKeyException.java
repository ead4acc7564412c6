package chat.e2ee.curve;

/** A key's bytes are not a key of the expected kind (wrong length, unknown type, a point of small order). */
public final class InvalidKeyException extends IllegalArgumentException {
    public InvalidKeyException(String message) {
        super(message);
    }
}
