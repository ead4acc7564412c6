package chat.model.frames;

import chat.model.Ids;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One envelope of a {@link SendEnvelopesFrame}: opaque bytes ({@code body}, canonical base64 of 1 to 65,536 bytes)
 * for one device ({@code userId}, {@code deviceId}). {@code envelopeId} is chosen by the sending device and makes
 * the envelope idempotent per (sending device, recipient device).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutgoingEnvelope(String userId, String deviceId, String envelopeId, EnvelopeSuite suite,
        EnvelopeKind kind, String body) {
    public OutgoingEnvelope {
        Ids.requireMatch(Ids.USER_ID, userId, "userId");
        Ids.requireMatch(Ids.DEVICE_ID, deviceId, "deviceId");
        Ids.requireMatch(Ids.CLIENT_MSG_ID, envelopeId, "envelopeId");
        Fields.required(suite, "suite");
        Fields.required(kind, "kind");
        Fields.bodySize(body);
    }

    /** The recipient device, {@code userId#deviceId}. */
    public String recipient() {
        return userId + "#" + deviceId;
    }
}
