package chat.model.keys;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The key agreement suite a key record belongs to. Every upload and every stored record names one, so a
 * post-quantum suite (PQXDH with ML-KEM prekeys) can be added next to today's without reinterpreting stored keys.
 */
public enum KeySuite {
    /**
     * Signal protocol version 3: X3DH over Curve25519 keys in Signal's 33-byte form ({@code 0x05 || u}), signed
     * prekeys signed with XEdDSA over those 33 bytes.
     */
    SIGNAL_V3("signal-v3");

    private final String wire;

    KeySuite(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The suite of a stored record; null for a name this build does not know. */
    public static KeySuite fromWire(String value) {
        for (KeySuite s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        return null;
    }
}
