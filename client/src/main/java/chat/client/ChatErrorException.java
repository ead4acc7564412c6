package chat.client;

import chat.model.ErrorCode;
import chat.model.frames.ErrorFrame;

/** The server answered a request with an {@code error} frame. Nothing the request asked for took effect. */
public class ChatErrorException extends RuntimeException {
    private final ErrorFrame frame;

    public ChatErrorException(ErrorFrame frame) {
        super(frame.code() + ": " + frame.message(), null, false, false);
        this.frame = frame;
    }

    public ErrorFrame frame() {
        return frame;
    }

    public ErrorCode code() {
        return frame.code();
    }

    public boolean retryable() {
        return frame.retryable();
    }

    public String reqId() {
        return frame.reqId();
    }
}
