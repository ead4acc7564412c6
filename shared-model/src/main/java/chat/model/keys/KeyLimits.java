package chat.model.keys;

/** The key directory's fixed limits (docs/protocol.md, Key directory). */
public final class KeyLimits {
    /** Prekey ids are Signal's 24-bit numbers: 0 to 2^24 - 1. */
    public static final int MAX_KEY_ID = 0xFFFFFF;
    /** Signal's registration ids are 14-bit, 1 to 16380. */
    public static final int MIN_REGISTRATION_ID = 1;
    public static final int MAX_REGISTRATION_ID = 16380;
    /** One-time prekeys in one upload. */
    public static final int MAX_ONE_TIME_PER_UPLOAD = 100;
    /** One-time prekeys stored per device. */
    public static final int MAX_ONE_TIME_STORED = 1000;
    /** A device should top its one-time prekeys up when fewer than this many remain. */
    public static final int TOP_UP_BELOW = 20;

    private KeyLimits() {
    }
}
