package chat.e2ee.messaging;

import chat.e2ee.session.Address;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a pairwise (device-to-device) message carries once decrypted: a Sender Key for a conversation, a session
 * reset (the sender lost its session with the recipient and started a new one), a request for a Sender Key the
 * sender cannot open a message without, or another device's Sender Key passed on within an account; call signalling
 * gets its own field later. A content with none of the known
 * fields is {@link Unknown} (from a newer client), never an error.
 */
public sealed interface PairwiseContent {
    int SENDER_KEY = 1;
    int SESSION_RESET = 2;
    int KEY_REQUEST = 3;
    int HELD_KEY = 4;

    record SenderKeyFor(String conversationId, SenderKeyDistributionMessage distribution) implements PairwiseContent {
    }

    /** "I could not open what you sent me over our session; this message starts a new one." */
    record SessionReset() implements PairwiseContent {
    }

    /**
     * "Send me your Sender Key {@code keyId} in {@code conversationId} from chain position {@code iteration}": the
     * position of the first message the sender of this request could not open.
     */
    record KeyRequest(String conversationId, int keyId, int iteration, Optional<Address> chainOf)
            implements PairwiseContent {
        public KeyRequest {
            if (conversationId == null || conversationId.isEmpty() || chainOf == null) {
                throw new IllegalArgumentException("a key request names its conversation");
            }
        }

        /** A request to the chain's own sender. */
        public KeyRequest(String conversationId, int keyId, int iteration) {
            this(conversationId, keyId, iteration, Optional.empty());
        }
    }

    /**
     * Another device's Sender Key that the sending device holds, for a device of the same account (answering a
     * {@link KeyRequest} with {@code chainOf}): the same shape as a history key of a device's approval.
     */
    record HeldKey(String conversationId, Address sender, SenderKeyDistributionMessage distribution)
            implements PairwiseContent {
    }

    record Unknown() implements PairwiseContent {
    }

    /** The wire form, as the TypeScript library writes it too. */
    public static byte[] encode(PairwiseContent content) {
        if (content instanceof SenderKeyFor key) {
            byte[] inner = new ProtoWriter()
                    .bytes(1, key.conversationId().getBytes(StandardCharsets.UTF_8))
                    .bytes(2, key.distribution().serialized())
                    .toByteArray();
            return new ProtoWriter().bytes(SENDER_KEY, inner).toByteArray();
        }
        if (content instanceof SessionReset) {
            return new ProtoWriter().bytes(SESSION_RESET, new byte[0]).toByteArray();
        }
        if (content instanceof KeyRequest request) {
            ProtoWriter inner = new ProtoWriter()
                    .bytes(1, request.conversationId().getBytes(StandardCharsets.UTF_8))
                    .uint32(2, Integer.toUnsignedLong(request.keyId()))
                    .uint32(3, Integer.toUnsignedLong(request.iteration()));
            request.chainOf().ifPresent(a -> inner.bytes(4, a.userId().getBytes(StandardCharsets.UTF_8))
                    .bytes(5, a.deviceId().getBytes(StandardCharsets.UTF_8)));
            return new ProtoWriter().bytes(KEY_REQUEST, inner.toByteArray()).toByteArray();
        }
        if (content instanceof HeldKey held) {
            byte[] inner = new ProtoWriter()
                    .bytes(1, held.conversationId().getBytes(StandardCharsets.UTF_8))
                    .bytes(2, held.sender().userId().getBytes(StandardCharsets.UTF_8))
                    .bytes(3, held.sender().deviceId().getBytes(StandardCharsets.UTF_8))
                    .bytes(4, held.distribution().serialized())
                    .toByteArray();
            return new ProtoWriter().bytes(HELD_KEY, inner).toByteArray();
        }
        throw new IllegalArgumentException("nothing to encode");
    }

    /** @throws InvalidMessageException when a known field is malformed */
    public static PairwiseContent decode(byte[] bytes) {
        ProtoReader in = ProtoReader.parse(bytes);
        if (in.has(SENDER_KEY)) {
            ProtoReader inner = ProtoReader.parse(in.bytes(SENDER_KEY));
            byte[] conversation = inner.bytes(1);
            byte[] distribution = inner.bytes(2);
            if (conversation == null || distribution == null || conversation.length == 0) {
                throw new InvalidMessageException("incomplete sender key content");
            }
            return new SenderKeyFor(new String(conversation, StandardCharsets.UTF_8),
                    SenderKeyDistributionMessage.parse(distribution));
        }
        if (in.has(SESSION_RESET)) {
            return new SessionReset();
        }
        if (in.has(KEY_REQUEST)) {
            ProtoReader inner = ProtoReader.parse(in.bytes(KEY_REQUEST));
            byte[] conversation = inner.bytes(1);
            if (conversation == null || conversation.length == 0 || !inner.has(2) || !inner.has(3)) {
                throw new InvalidMessageException("incomplete key request");
            }
            byte[] user = inner.bytes(4);
            byte[] device = inner.bytes(5);
            if ((user == null) != (device == null) || user != null && (user.length == 0 || device.length == 0)) {
                throw new InvalidMessageException("a key request names a chain's user and device together");
            }
            Optional<Address> chainOf = user == null ? Optional.empty() : Optional.of(new Address(
                    new String(user, StandardCharsets.UTF_8), new String(device, StandardCharsets.UTF_8)));
            return new KeyRequest(new String(conversation, StandardCharsets.UTF_8), (int) inner.uint32(2, 0),
                    (int) inner.uint32(3, 0), chainOf);
        }
        if (in.has(HELD_KEY)) {
            ProtoReader inner = ProtoReader.parse(in.bytes(HELD_KEY));
            byte[] conversation = inner.bytes(1);
            byte[] user = inner.bytes(2);
            byte[] device = inner.bytes(3);
            byte[] distribution = inner.bytes(4);
            if (conversation == null || user == null || device == null || distribution == null
                    || conversation.length == 0 || user.length == 0 || device.length == 0) {
                throw new InvalidMessageException("incomplete held key");
            }
            return new HeldKey(new String(conversation, StandardCharsets.UTF_8), new Address(
                    new String(user, StandardCharsets.UTF_8), new String(device, StandardCharsets.UTF_8)),
                    SenderKeyDistributionMessage.parse(distribution));
        }
        return new Unknown();
    }
}
