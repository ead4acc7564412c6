package chat.client;

/** A device has no open connection right now; the request was not sent. */
public class NotConnectedException extends RuntimeException {
    public NotConnectedException(String message) {
        super(message, null, false, false);
    }
}
