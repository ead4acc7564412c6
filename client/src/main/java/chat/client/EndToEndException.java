package chat.client;

/**
 * A message could not be end-to-end encrypted, so it was not sent: nothing readable ever leaves the device. The
 * {@link Reason} is stable; the message says what to do.
 */
public final class EndToEndException extends RuntimeException {
    public enum Reason {
        /** This device holds no account identity key: another device of the account must approve (link) it. */
        NOT_APPROVED,
        /** The key directory refused this device's keys (e.g. it holds another identity for this device). */
        KEYS_REFUSED,
        /** The conversation or its members could not be read, so there is nobody to encrypt for yet. */
        NO_RECIPIENTS
    }

    private final Reason reason;
    private final String detail;

    public EndToEndException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
        this.detail = detail;
    }

    /** What happened and what to do, without the reason. */
    public String detail() {
        return detail;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether sending again later may succeed (the members could not be read); the others need the user. */
    public boolean retryable() {
        return reason == Reason.NO_RECIPIENTS;
    }
}
