package chat.client;

/** The request could not complete because its connection closed (before the answer arrived, or before it was sent). */
public class ConnectionClosedException extends RuntimeException {
    private final CloseInfo closeInfo;

    public ConnectionClosedException(CloseInfo closeInfo) {
        super("connection closed: " + closeInfo, null, false, false);
        this.closeInfo = closeInfo;
    }

    public CloseInfo closeInfo() {
        return closeInfo;
    }
}
