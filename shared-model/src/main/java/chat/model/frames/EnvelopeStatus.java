package chat.model.frames;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of one envelope of a {@link SendEnvelopesFrame}. */
public enum EnvelopeStatus {
    /** Stored now, in the recipient device's inbox, with the seq given. */
    STORED("stored"),
    /** Stored by an earlier frame with the same envelopeId to the same device: nothing new stored, its seq given. */
    DUPLICATE("duplicate"),
    /** Not stored; {@code code} says why. */
    REFUSED("refused");

    private final String wire;

    EnvelopeStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
