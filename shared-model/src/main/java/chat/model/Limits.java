package chat.model;

/** Protocol limits shared by server and clients. */
public final class Limits {
    /** Largest decoded message body. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Largest WebSocket text frame a client may send (a 64 KiB body is ~87 KiB in base64, plus envelope). */
    public static final int MAX_FRAME_BYTES = 96 * 1024;
    /** Devices per user. */
    public static final int MAX_DEVICES_PER_USER = 5;
    /** Open connections per device: a new one displaces the old (close code 4001). */
    public static final int MAX_CONNECTIONS_PER_DEVICE = 1;
    /** Open connections per user: one per device. */
    public static final int MAX_CONNECTIONS_PER_USER = MAX_DEVICES_PER_USER * MAX_CONNECTIONS_PER_DEVICE;
    /** Members of a group, creator included. */
    public static final int MAX_GROUP_MEMBERS = 256;
    /** Group names, in characters. */
    public static final int MAX_GROUP_NAME = 64;
    /** Largest page a sync or history request may ask for. */
    public static final int MAX_PAGE_SIZE = 500;
    /** Page size when the request names none. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Most messages one sync request returns before it answers "not caught up yet, ask again". */
    public static final int MAX_SYNC_MESSAGES = 2000;
    /** Most body bytes one sync or history answer carries before it stops early (a lone message always fits). */
    public static final int MAX_SYNC_BODY_BYTES = 4 * 1024 * 1024;
    /**
     * Largest frame the server sends: a sync or history page, whose bodies are bounded by {@link #MAX_SYNC_BODY_BYTES}
     * (4/3 of that in base64) plus the envelopes of at most {@link #MAX_PAGE_SIZE} messages.
     */
    public static final int MAX_SERVER_FRAME_BYTES = 8 * 1024 * 1024;

    /** Users one subscribePresence frame may name. */
    public static final int MAX_PRESENCE_SUBSCRIBE = 256;
    /** How long a typing indicator holds without a refresh; clients drop it after this. */
    public static final int TYPING_EXPIRES_MS = 5000;
    /** Longest push endpoint URL or device token accepted. */
    public static final int MAX_PUSH_TARGET_CHARS = 2048;

    /** Envelopes one sendEnvelopes frame may carry (a Sender Key goes to every device of every member). */
    public static final int MAX_ENVELOPES_PER_FRAME = 100;

    private Limits() {
    }
}
