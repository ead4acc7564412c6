package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the recipient device is to open an envelope's bytes, as Signal tells its two message types apart. The wire
 * names are part of the protocol.
 */
public enum EnvelopeKind {
    /** A PreKeySignalMessage: the first message of a session, which sets the session up on the recipient. */
    PREKEY("prekey"),
    /** A SignalMessage on an established session. */
    WHISPER("whisper"),
    /** Not encrypted by a session (e.g. a device-linking request before any session exists). */
    PLAIN("plain");

    private final String wire;

    EnvelopeKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The constant with this wire name; IllegalArgumentException for any other. */
    public static EnvelopeKind fromWire(String wire) {
        for (EnvelopeKind v : values()) {
            if (v.wire.equals(wire)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown EnvelopeKind: " + wire);
    }
}
