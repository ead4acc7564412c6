package chat.e2ee.wire;

import chat.e2ee.curve.InvalidKeyException;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.primitives.Hmac;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A Double Ratchet message ("WhisperMessage"): {@code version || protobuf || MAC}, the MAC being the first 8 bytes
 * of HMAC-SHA256 over the sender's identity key, the receiver's identity key and {@code version || protobuf}.
 */
public record SignalMessage(PublicKey ratchetKey, int counter, int previousCounter, byte[] ciphertext,
        byte[] serialized) {
    public static final int MAC_LENGTH = 8;
    private static final int RATCHET_KEY = 1;
    private static final int COUNTER = 2;
    private static final int PREVIOUS_COUNTER = 3;
    private static final int CIPHERTEXT = 4;

    public static SignalMessage create(byte[] macKey, PublicKey senderIdentity, PublicKey receiverIdentity,
            PublicKey ratchetKey, int counter, int previousCounter, byte[] ciphertext) {
        byte[] body = new ProtoWriter()
                .bytes(RATCHET_KEY, ratchetKey.serialize())
                .uint32(COUNTER, Integer.toUnsignedLong(counter))
                .uint32(PREVIOUS_COUNTER, Integer.toUnsignedLong(previousCounter))
                .bytes(CIPHERTEXT, ciphertext)
                .toByteArray();
        byte[] versioned = new byte[1 + body.length];
        versioned[0] = Versions.VERSION_BYTE;
        System.arraycopy(body, 0, versioned, 1, body.length);
        byte[] mac = mac(macKey, senderIdentity, receiverIdentity, versioned);
        byte[] serialized = Arrays.copyOf(versioned, versioned.length + MAC_LENGTH);
        System.arraycopy(mac, 0, serialized, versioned.length, MAC_LENGTH);
        return new SignalMessage(ratchetKey, counter, previousCounter, ciphertext, serialized);
    }

    public static SignalMessage parse(byte[] serialized) {
        if (serialized == null || serialized.length <= 1 + MAC_LENGTH) {
            throw new InvalidMessageException("message too short");
        }
        Versions.check(serialized[0]);
        ProtoReader proto = ProtoReader.parse(Arrays.copyOfRange(serialized, 1, serialized.length - MAC_LENGTH));
        if (!proto.has(RATCHET_KEY) || !proto.has(COUNTER) || !proto.has(CIPHERTEXT)) {
            throw new InvalidMessageException("incomplete message");
        }
        try {
            return new SignalMessage(PublicKey.decode(proto.bytes(RATCHET_KEY)), (int) proto.uint32(COUNTER, 0),
                    (int) proto.uint32(PREVIOUS_COUNTER, 0), proto.bytes(CIPHERTEXT), serialized.clone());
        } catch (InvalidKeyException e) {
            throw new InvalidMessageException("bad ratchet key: " + e.getMessage());
        }
    }

    /** True when the MAC matches (compared in constant time). */
    public boolean verifyMac(PublicKey senderIdentity, PublicKey receiverIdentity, byte[] macKey) {
        byte[] versioned = Arrays.copyOf(serialized, serialized.length - MAC_LENGTH);
        byte[] expected = mac(macKey, senderIdentity, receiverIdentity, versioned);
        byte[] actual = Arrays.copyOfRange(serialized, serialized.length - MAC_LENGTH, serialized.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] mac(byte[] macKey, PublicKey sender, PublicKey receiver, byte[] versioned) {
        return Arrays.copyOf(Hmac.sha256(macKey, sender.serialize(), receiver.serialize(), versioned), MAC_LENGTH);
    }
}
