package chat.e2ee.wire;

import chat.e2ee.curve.PrivateKey;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.curve.Xeddsa;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A group message encrypted with a Sender Key: {@code version || protobuf || signature}, the 64-byte XEdDSA signature
 * by the sender's signing key covering {@code version || protobuf}.
 */
public record SenderKeyMessage(int keyId, int iteration, byte[] ciphertext, byte[] serialized) {
    private static final int ID = 1;
    private static final int ITERATION = 2;
    private static final int CIPHERTEXT = 3;

    public static SenderKeyMessage create(int keyId, int iteration, byte[] ciphertext, PrivateKey signingKey,
            SecureRandom random) {
        byte[] body = new ProtoWriter()
                .uint32(ID, Integer.toUnsignedLong(keyId))
                .uint32(ITERATION, Integer.toUnsignedLong(iteration))
                .bytes(CIPHERTEXT, ciphertext)
                .toByteArray();
        byte[] versioned = new byte[1 + body.length];
        versioned[0] = Versions.VERSION_BYTE;
        System.arraycopy(body, 0, versioned, 1, body.length);
        byte[] signature = Xeddsa.sign(signingKey, versioned, random);
        byte[] serialized = Arrays.copyOf(versioned, versioned.length + Xeddsa.SIGNATURE_LENGTH);
        System.arraycopy(signature, 0, serialized, versioned.length, Xeddsa.SIGNATURE_LENGTH);
        return new SenderKeyMessage(keyId, iteration, ciphertext, serialized);
    }

    public static SenderKeyMessage parse(byte[] serialized) {
        if (serialized == null || serialized.length <= 1 + Xeddsa.SIGNATURE_LENGTH) {
            throw new InvalidMessageException("message too short");
        }
        Versions.check(serialized[0]);
        ProtoReader proto = ProtoReader.parse(
                Arrays.copyOfRange(serialized, 1, serialized.length - Xeddsa.SIGNATURE_LENGTH));
        if (!proto.has(ID) || !proto.has(ITERATION) || !proto.has(CIPHERTEXT)) {
            throw new InvalidMessageException("incomplete message");
        }
        return new SenderKeyMessage((int) proto.uint32(ID, 0), (int) proto.uint32(ITERATION, 0),
                proto.bytes(CIPHERTEXT), serialized.clone());
    }

    public boolean verifySignature(PublicKey signingKey) {
        int split = serialized.length - Xeddsa.SIGNATURE_LENGTH;
        return Xeddsa.verify(signingKey, Arrays.copyOf(serialized, split),
                Arrays.copyOfRange(serialized, split, serialized.length));
    }
}
