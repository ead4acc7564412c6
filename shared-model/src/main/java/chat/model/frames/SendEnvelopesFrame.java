package chat.model.frames;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Limits;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores 1 to {@link Limits#MAX_ENVELOPES_PER_FRAME} envelopes, each in its recipient device's inbox. A frame that
 * cannot be read is refused whole; an envelope the server cannot store (unknown device, full inbox) is refused in the
 * answer ({@link EnvelopesSentFrame}) while the others are stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendEnvelopesFrame(String reqId, List<OutgoingEnvelope> envelopes) implements ClientFrame {
    public SendEnvelopesFrame {
        Fields.reqId(reqId);
        Fields.required(envelopes, "envelopes");
        if (envelopes.isEmpty() || envelopes.size() > Limits.MAX_ENVELOPES_PER_FRAME) {
            throw new ChatException(ErrorCode.INVALID_FIELD,
                    "envelopes must hold 1 to " + Limits.MAX_ENVELOPES_PER_FRAME + " envelopes");
        }
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < envelopes.size(); i++) {
            OutgoingEnvelope e = envelopes.get(i);
            if (e == null) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "envelopes[" + i + "] must be an object");
            }
            if (!distinct.add(e.recipient() + "#" + e.envelopeId())) {
                throw new ChatException(ErrorCode.INVALID_FIELD,
                        "envelopes[" + i + "] repeats an envelopeId for the same device");
            }
        }
        envelopes = List.copyOf(envelopes);
    }
}
