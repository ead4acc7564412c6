package chat.functions.push;

/** How a push service answered. */
public enum PushResult {
    /** Accepted for delivery. */
    SENT,
    /** The target no longer exists (HTTP 404 or 410): forget it. */
    GONE,
    /** Anything else (rate limited, server error, unreachable): dropped, the device catches up by sync. */
    FAILED;

    static PushResult ofStatus(int status) {
        if (status / 100 == 2) {
            return SENT;
        }
        return status == 404 || status == 410 ? GONE : FAILED;
    }
}
