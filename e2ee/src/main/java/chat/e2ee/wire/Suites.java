package chat.e2ee.wire;

/**
 * The cipher suites a key record, a stored state or an envelope can name. Only Signal protocol version 3 (X3DH,
 * Double Ratchet, Sender Keys on Curve25519, AES-256-CBC, HMAC-SHA256) exists today; a post-quantum suite (PQXDH with
 * ML-KEM) gets its own name next to it, so old and new records can be told apart.
 */
public final class Suites {
    public static final String SIGNAL_V3 = "signal-v3";

    private Suites() {
    }

    /** @throws InvalidMessageException for any other suite */
    public static void requireKnown(String suite) {
        if (!SIGNAL_V3.equals(suite)) {
            throw new InvalidMessageException("unknown suite " + suite);
        }
    }
}
