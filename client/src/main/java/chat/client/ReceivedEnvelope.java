package chat.client;

import chat.model.frames.Envelope;
import chat.model.frames.EnvelopeKind;
import chat.model.frames.EnvelopeSuite;
import java.util.Base64;

/**
 * An envelope from this device's inbox, handed to {@link ChatDevice.Listener#onEnvelope} once, in inbox seq order:
 * who sent it (user and device), how to open it ({@code suite}, {@code kind}) and its bytes, as the sender gave them.
 */
public record ReceivedEnvelope(long seq, String senderUserId, String senderDeviceId, String envelopeId,
        EnvelopeSuite suite, EnvelopeKind kind, byte[] body, long serverTime) {
    static ReceivedEnvelope of(Envelope e) {
        return new ReceivedEnvelope(e.seq(), e.senderUserId(), e.senderDeviceId(), e.envelopeId(), e.suite(),
                e.kind(), Base64.getDecoder().decode(e.body()), e.serverTime());
    }
}
