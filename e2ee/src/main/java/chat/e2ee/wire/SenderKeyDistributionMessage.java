package chat.e2ee.wire;

import chat.e2ee.curve.InvalidKeyException;
import chat.e2ee.curve.PublicKey;
import java.util.Arrays;

/**
 * A Sender Key as it travels to the other member devices over pairwise sessions: the key id, the chain's iteration
 * and chain key at that point, and the public signing key ({@code version || protobuf}).
 */
public record SenderKeyDistributionMessage(int keyId, int iteration, byte[] chainKey, PublicKey signingKey,
        byte[] serialized) {
    private static final int ID = 1;
    private static final int ITERATION = 2;
    private static final int CHAIN_KEY = 3;
    private static final int SIGNING_KEY = 4;

    public static SenderKeyDistributionMessage create(int keyId, int iteration, byte[] chainKey,
            PublicKey signingKey) {
        byte[] body = new ProtoWriter()
                .uint32(ID, Integer.toUnsignedLong(keyId))
                .uint32(ITERATION, Integer.toUnsignedLong(iteration))
                .bytes(CHAIN_KEY, chainKey)
                .bytes(SIGNING_KEY, signingKey.serialize())
                .toByteArray();
        byte[] serialized = new byte[1 + body.length];
        serialized[0] = Versions.VERSION_BYTE;
        System.arraycopy(body, 0, serialized, 1, body.length);
        return new SenderKeyDistributionMessage(keyId, iteration, chainKey.clone(), signingKey, serialized);
    }

    public static SenderKeyDistributionMessage parse(byte[] serialized) {
        if (serialized == null || serialized.length < 2) {
            throw new InvalidMessageException("message too short");
        }
        Versions.check(serialized[0]);
        ProtoReader proto = ProtoReader.parse(Arrays.copyOfRange(serialized, 1, serialized.length));
        if (!proto.has(ID) || !proto.has(ITERATION) || !proto.has(CHAIN_KEY) || !proto.has(SIGNING_KEY)) {
            throw new InvalidMessageException("incomplete message");
        }
        byte[] chainKey = proto.bytes(CHAIN_KEY);
        if (chainKey.length != 32) {
            throw new InvalidMessageException("a chain key has 32 bytes");
        }
        try {
            return new SenderKeyDistributionMessage((int) proto.uint32(ID, 0), (int) proto.uint32(ITERATION, 0),
                    chainKey, PublicKey.decode(proto.bytes(SIGNING_KEY)), serialized.clone());
        } catch (InvalidKeyException e) {
            throw new InvalidMessageException("bad signing key: " + e.getMessage());
        }
    }
}
