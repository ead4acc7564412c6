package chat.model.frames;

import chat.model.ErrorCode;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * What became of one envelope: {@code seq} (its place in the recipient's inbox) when stored or a duplicate;
 * {@code code}, {@code message} and {@code retryable} when refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvelopeResult(String userId, String deviceId, String envelopeId, EnvelopeStatus status, Long seq,
        ErrorCode code, String message, Boolean retryable) {
    public EnvelopeResult {
        Objects.requireNonNull(status, "status");
        if ((status == EnvelopeStatus.REFUSED) != (code != null) || (code == null) != (seq != null)) {
            throw new IllegalArgumentException("a refused envelope has a code and no seq, any other a seq");
        }
    }

    public static EnvelopeResult stored(OutgoingEnvelope e, long seq, boolean duplicate) {
        return new EnvelopeResult(e.userId(), e.deviceId(), e.envelopeId(),
                duplicate ? EnvelopeStatus.DUPLICATE : EnvelopeStatus.STORED, seq, null, null, null);
    }

    public static EnvelopeResult refused(OutgoingEnvelope e, ErrorCode code, String message) {
        return new EnvelopeResult(e.userId(), e.deviceId(), e.envelopeId(), EnvelopeStatus.REFUSED, null, code,
                message, code.retryable());
    }
}
