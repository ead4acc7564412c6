package chat.model.frames;

import java.util.List;

/** Answer to {@link SendEnvelopesFrame}: one result per envelope, in the frame's order. */
public record EnvelopesSentFrame(String reqId, List<EnvelopeResult> results) implements ServerFrame {
    public EnvelopesSentFrame {
        results = List.copyOf(results);
    }
}
