package chat.functions.store;

import chat.model.frames.Envelope;
import chat.model.frames.EnvelopeKind;
import chat.model.frames.EnvelopeSuite;
import java.util.Base64;

/** An envelope as stored in a device's inbox; {@code body} is the sender's bytes, never looked into. */
public record StoredEnvelope(long seq, String senderUserId, String senderDeviceId, String envelopeId,
        EnvelopeSuite suite, EnvelopeKind kind, byte[] body, long storedAt) {
    public Envelope toWire() {
        return new Envelope(seq, senderUserId, senderDeviceId, envelopeId, suite, kind,
                Base64.getEncoder().encodeToString(body), storedAt);
    }

    public StoredEnvelope withSeq(long newSeq) {
        return new StoredEnvelope(newSeq, senderUserId, senderDeviceId, envelopeId, suite, kind, body, storedAt);
    }
}
