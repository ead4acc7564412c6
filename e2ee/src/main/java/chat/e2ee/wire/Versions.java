package chat.e2ee.wire;

/** Signal protocol version 3 (X3DH, Double Ratchet, Sender Keys) is the only one spoken here. */
public final class Versions {
    public static final int CURRENT = 3;
    /** The first byte of every message: the message's version in the high nibble, the current one in the low. */
    public static final byte VERSION_BYTE = (byte) ((CURRENT << 4) | CURRENT);

    private Versions() {
    }

    static void check(byte versionByte) {
        int version = (versionByte & 0xFF) >> 4;
        if (version < CURRENT) {
            throw new InvalidMessageException("legacy message version " + version);
        }
        if (version > CURRENT) {
            throw new InvalidMessageException("unknown message version " + version);
        }
    }
}
