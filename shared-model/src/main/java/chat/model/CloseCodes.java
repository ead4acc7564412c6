package chat.model;

/** WebSocket close codes the broker uses (RFC 6455 private range 4000-4999, plus standard ones). */
public final class CloseCodes {
    /** The broker is shutting down; reconnect (possibly to another broker) and sync. */
    public static final int GOING_AWAY = 1001;
    /** A frame larger than {@link Limits#MAX_FRAME_BYTES}. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The same device connected again; this older connection is replaced. Do not reconnect automatically. */
    public static final int DISPLACED = 4001;
    /**
     * The device was removed (by another device of the account, by logging out, a password change that revoked it,
     * or the account's deletion): its credential no longer works. Do not reconnect; log in again.
     */
    public static final int DEVICE_REMOVED = 4003;
    /** No pong for too long; reconnect and sync. */
    public static final int HEARTBEAT_TIMEOUT = 4002;
    /** The broker could not register the connection with the functions tier; reconnect with backoff. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }
}
