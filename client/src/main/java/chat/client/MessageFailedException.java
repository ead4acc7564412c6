package chat.client;

/** An outgoing message reached FAILED: its retries ran out, or the server refused it for good. */
public class MessageFailedException extends RuntimeException {
    private final OutgoingMessage message;

    public MessageFailedException(OutgoingMessage message, Throwable cause) {
        super("message " + message.clientMsgId() + " failed: " + message.failure(), cause);
        this.message = message;
    }

    public OutgoingMessage message() {
        return message;
    }
}
