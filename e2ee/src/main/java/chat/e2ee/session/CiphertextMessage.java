package chat.e2ee.session;

/** A pairwise ciphertext as it goes into a device envelope: which of the two message formats, and its bytes. */
public record CiphertextMessage(Kind kind, byte[] serialized) {
    public enum Kind {
        /** A {@code PreKeySignalMessage}: the sender has not yet heard back from this device. */
        PREKEY,
        /** A {@code SignalMessage} of an established session. */
        WHISPER
    }

    public CiphertextMessage {
        if (kind == null || serialized == null) {
            throw new IllegalArgumentException("a ciphertext has a kind and bytes");
        }
    }
}
