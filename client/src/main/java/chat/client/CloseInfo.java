package chat.client;

import chat.model.CloseCodes;

/**
 * How a connection ended. {@code code} is the WebSocket close code (1006 when the connection dropped without a close
 * frame); {@code byServer} is true when the server sent the close frame.
 */
public record CloseInfo(int code, String reason, boolean byServer) {
    public static final int ABNORMAL = 1006;

    public boolean displaced() {
        return code == CloseCodes.DISPLACED;
    }

    /** The device was removed (close 4003): its credential is gone, reconnecting cannot work. */
    public boolean deviceRemoved() {
        return code == CloseCodes.DEVICE_REMOVED;
    }

    @Override
    public String toString() {
        return code + (reason == null || reason.isEmpty() ? "" : " " + reason) + (byServer ? " (server)" : " (client)");
    }
}
