package chat.client;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** No answer to a request within its timeout. The request may still have taken effect. */
public class RequestTimeoutException extends TimeoutException {
    private final String reqId;

    public RequestTimeoutException(String reqId, String frameType, Duration timeout) {
        super("no answer to " + frameType + " " + reqId + " within " + timeout.toMillis() + " ms");
        this.reqId = reqId;
    }

    public String reqId() {
        return reqId;
    }
}
