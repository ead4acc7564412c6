package chat.e2ee.wire;

import chat.e2ee.curve.InvalidKeyException;
import chat.e2ee.curve.PublicKey;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The first messages of a session, before the responder has answered: an X3DH initial message wrapping a
 * {@link SignalMessage} ({@code version || protobuf}, no MAC of its own: the inner message carries it).
 */
public record PreKeySignalMessage(int registrationId, OptionalInt preKeyId, int signedPreKeyId, PublicKey baseKey,
        PublicKey identityKey, SignalMessage message, byte[] serialized) {
    private static final int PRE_KEY_ID = 1;
    private static final int BASE_KEY = 2;
    private static final int IDENTITY_KEY = 3;
    private static final int MESSAGE = 4;
    private static final int REGISTRATION_ID = 5;
    private static final int SIGNED_PRE_KEY_ID = 6;

    public static PreKeySignalMessage create(int registrationId, OptionalInt preKeyId, int signedPreKeyId,
            PublicKey baseKey, PublicKey identityKey, SignalMessage message) {
        ProtoWriter proto = new ProtoWriter();
        preKeyId.ifPresent(id -> proto.uint32(PRE_KEY_ID, Integer.toUnsignedLong(id)));
        byte[] body = proto.bytes(BASE_KEY, baseKey.serialize())
                .bytes(IDENTITY_KEY, identityKey.serialize())
                .bytes(MESSAGE, message.serialized())
                .uint32(REGISTRATION_ID, Integer.toUnsignedLong(registrationId))
                .uint32(SIGNED_PRE_KEY_ID, Integer.toUnsignedLong(signedPreKeyId))
                .toByteArray();
        byte[] serialized = new byte[1 + body.length];
        serialized[0] = Versions.VERSION_BYTE;
        System.arraycopy(body, 0, serialized, 1, body.length);
        return new PreKeySignalMessage(registrationId, preKeyId, signedPreKeyId, baseKey, identityKey, message,
                serialized);
    }

    public static PreKeySignalMessage parse(byte[] serialized) {
        if (serialized == null || serialized.length < 2) {
            throw new InvalidMessageException("message too short");
        }
        Versions.check(serialized[0]);
        ProtoReader proto = ProtoReader.parse(Arrays.copyOfRange(serialized, 1, serialized.length));
        if (!proto.has(SIGNED_PRE_KEY_ID) || !proto.has(BASE_KEY) || !proto.has(IDENTITY_KEY) || !proto.has(MESSAGE)) {
            throw new InvalidMessageException("incomplete message");
        }
        OptionalInt preKeyId = proto.has(PRE_KEY_ID)
                ? OptionalInt.of((int) proto.uint32(PRE_KEY_ID, 0)) : OptionalInt.empty();
        try {
            return new PreKeySignalMessage((int) proto.uint32(REGISTRATION_ID, 0), preKeyId,
                    (int) proto.uint32(SIGNED_PRE_KEY_ID, 0), PublicKey.decode(proto.bytes(BASE_KEY)),
                    PublicKey.decode(proto.bytes(IDENTITY_KEY)), SignalMessage.parse(proto.bytes(MESSAGE)),
                    serialized.clone());
        } catch (InvalidKeyException e) {
            throw new InvalidMessageException("bad key: " + e.getMessage());
        }
    }
}
