package chat.model;

/** A request refused with {@link ErrorCode#RATE_LIMITED}: it may be made again after {@link #retryAfterMs()}. */
public class RateLimitedException extends ChatException {
    private final long retryAfterMs;

    public RateLimitedException(String message, long retryAfterMs) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfterMs = Math.max(1, retryAfterMs);
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }
}
