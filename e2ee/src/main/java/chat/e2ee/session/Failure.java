package chat.e2ee.session;

/** Why a message could not be decrypted. Stable names: clients log and report them. */
public enum Failure {
    /** Not a message of this protocol (truncated, unknown version, missing fields). */
    MALFORMED,
    /** No session with the sender device (a whisper message after this device lost or never had the session). */
    NO_SESSION,
    /** The MAC or the padding did not check: tampered, or for another session. */
    BAD_MAC,
    /** A message already decrypted (a replay, or a redelivery the client should have dropped by id). */
    DUPLICATE,
    /** More than 2,000 messages ahead of the chain: refused rather than deriving that many keys. */
    TOO_FAR_AHEAD,
    /** The initial message names a signed or one-time prekey this device does not have (used or rotated away). */
    UNKNOWN_PREKEY,
    /** The sender's identity key changed and the user has not accepted the new one. */
    UNTRUSTED_IDENTITY,
    /** A group message whose signature does not verify with the sender's signing key. */
    BAD_SIGNATURE,
    /** A group message from a sender whose Sender Key (of that id) has not arrived. */
    NO_SENDER_KEY
}
