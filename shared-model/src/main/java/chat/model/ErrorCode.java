package chat.model;

/**
 * Stable wire error codes. The names are part of the protocol (docs/protocol.md): never rename one, only add.
 * {@code retryable} tells a client whether sending the same request again (with the same clientMsgId) can succeed.
 */
public enum ErrorCode {
    /** The frame is not a JSON object. */
    MALFORMED_FRAME(false, 400),
    /** The frame's {@code type} is missing or unknown. */
    UNKNOWN_TYPE(false, 400),
    /** A required field is missing. */
    MISSING_FIELD(false, 400),
    /** A field has the wrong type, format or range. */
    INVALID_FIELD(false, 400),
    /** The message body is over the limit (64 KiB decoded). */
    BODY_TOO_LARGE(false, 413),
    /** The whole frame is over the limit. */
    FRAME_TOO_LARGE(false, 413),
    /** The conversation does not exist or the caller is not a member: the two are deliberately indistinguishable. */
    CONVERSATION_NOT_FOUND(false, 404),
    /** The peer user does not exist. */
    USER_NOT_FOUND(false, 404),
    /** The caller is a member but may not do this (e.g. only admins change a group). */
    FORBIDDEN(false, 403),
    /** The group would have more than 256 members. */
    GROUP_FULL(false, 409),
    /** An ack names a seq beyond the conversation's last message. */
    ACK_BEYOND_HEAD(false, 400),
    /** The same clientMsgId is being stored by another request right now; retry shortly. */
    SEND_IN_PROGRESS(true, 409),
    /** Too many requests; retry after backing off. */
    RATE_LIMITED(true, 429),
    /** Handle already registered. */
    HANDLE_TAKEN(false, 409),
    /** The user already has the maximum number of devices. */
    DEVICE_LIMIT(false, 409),
    /**
     * The caller's account has no such device. Another user's device gets the same answer, so it cannot be used to
     * learn which devices exist.
     */
    DEVICE_NOT_FOUND(false, 404),
    /**
     * (Key directory) a public key is not a key of the suite: wrong length or type byte; the message names the
     * field.
     */
    BAD_KEY(false, 400),
    /** (Key directory) the signed prekey's signature does not verify against the identity key, or is not 64 bytes. */
    BAD_SIGNATURE(false, 400),
    /** (Key directory) a prekey id the device has stored already (or repeated in one upload). */
    KEY_ID_REUSED(false, 409),
    /**
     * (Key directory) the upload's identity key or registration id differs from the one stored for this device: a
     * device's identity never changes; a reinstalled app logs in as a new device.
     */
    IDENTITY_KEY_CHANGED(false, 409),
    /** (Key directory) the device would store more one-time prekeys than allowed (1,000). */
    PREKEY_LIMIT(false, 409),
    /**
     * (Key directory) the uploaded device list's version is not above the stored one (another device changed the list
     * meanwhile): read the list again, apply the change to it and sign the result.
     */
    DEVICE_LIST_STALE(false, 409),
    /** Missing, malformed, expired or wrong credentials or token. */
    UNAUTHENTICATED(false, 401),
    /** A backing service failed; the request did not take effect or may be retried safely. */
    UNAVAILABLE(true, 503),
    /**
     * An envelope names a recipient device that does not exist (never did, was removed, or its account was deleted).
     * Unknown user and unknown device are the same answer.
     */
    UNKNOWN_DEVICE(false, 404),
    /** The recipient device's inbox holds the most envelopes it may (they wait for that device's ack). */
    INBOX_FULL(false, 409),
    /** (Media) the declared attachment size is over the limit (100 MiB of content by default, padding included). */
    ATTACHMENT_TOO_LARGE(false, 413),
    /**
     * (Media) no such attachment, or the caller may not see it (not a member of its conversation, or not its
     * uploader for the upload calls): one answer for both.
     */
    ATTACHMENT_NOT_FOUND(false, 404),
    /** (Media) the attachment was stored longer ago than the retention (45 days by default) and has been removed. */
    ATTACHMENT_EXPIRED(false, 410),
    /** (Media) complete was called before every part was stored with its planned size: upload what is missing. */
    UPLOAD_INCOMPLETE(false, 409),
    /** (Media) the upload is already complete, or its window (24 hours by default) has passed: ask for a new slot. */
    UPLOAD_CLOSED(false, 409),
    /** (Media) the account's uploads for this UTC day are over the quota (bytes or count); try again tomorrow. */
    UPLOAD_QUOTA_EXCEEDED(true, 429),
    /** Unexpected server error; retry is safe (sends are idempotent by clientMsgId). */
    INTERNAL(true, 500),
    /**
     * (Long polling) no such session: never opened, ended (its last poll said so) or idle too long. Open a new
     * session and sync.
     */
    POLL_SESSION_GONE(false, 410);

    private final boolean retryable;
    private final int httpStatus;

    ErrorCode(boolean retryable, int httpStatus) {
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status used when this error answers a REST request. */
    public int httpStatus() {
        return httpStatus;
    }
}
