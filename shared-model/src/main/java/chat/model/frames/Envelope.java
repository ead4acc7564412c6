package chat.model.frames;

import java.util.Objects;

/**
 * An envelope in a device's inbox as that device sees it: {@code seq} orders the inbox (per recipient device,
 * increasing, never reused), {@code body} is the sender's opaque bytes in base64, {@code serverTime} epoch millis
 * when it was stored.
 */
public record Envelope(long seq, String senderUserId, String senderDeviceId, String envelopeId, EnvelopeSuite suite,
        EnvelopeKind kind, String body, long serverTime) {
    public Envelope {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1");
        }
        Objects.requireNonNull(senderUserId, "senderUserId");
        Objects.requireNonNull(senderDeviceId, "senderDeviceId");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
    }
}
