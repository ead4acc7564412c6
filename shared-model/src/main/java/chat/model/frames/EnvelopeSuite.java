package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The cryptographic suite an envelope's bytes are for, so that a post-quantum suite can sit beside the first. The
 * server only checks that the name is one it knows; it never looks inside. The wire names are part of the protocol.
 */
public enum EnvelopeSuite {
    /** Signal protocol version 3: X3DH session setup and the Double Ratchet, Sender Keys over those sessions. */
    SIGNAL_V3("signal-v3"),
    /** Signal protocol version 4: PQXDH (X25519 and ML-KEM) session setup, then as version 3. */
    SIGNAL_V4("signal-v4");

    private final String wire;

    EnvelopeSuite(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The constant with this wire name; IllegalArgumentException for any other. */
    public static EnvelopeSuite fromWire(String wire) {
        for (EnvelopeSuite v : values()) {
            if (v.wire.equals(wire)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown EnvelopeSuite: " + wire);
    }
}
