package chat.model.frames;

import java.util.Objects;

/** An envelope pushed live to the one device it is addressed to. Devices de-duplicate by its seq. */
public record EnvelopeFrame(Envelope envelope) implements ServerFrame {
    public EnvelopeFrame {
        Objects.requireNonNull(envelope, "envelope");
    }
}
