package chat.e2ee.messaging;

import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import java.nio.charset.StandardCharsets;

/**
 * What a pairwise (device-to-device) message carries once decrypted: a Sender Key for a conversation, a session
 * reset (the sender lost its session with the recipient and started a new one), or a request for a Sender Key the
 * sender cannot open a message without; call signalling gets its own field later. A content with none of the known
 * fields is {@link Unknown} (from a newer client), never an error.
 */
public sealed interface PairwiseContent {
    int SENDER_KEY = 1;
    int SESSION_RESET = 2;
    int KEY_REQUEST = 3;

    record SenderKeyFor(String conversationId, SenderKeyDistributionMessage distribution) implements PairwiseContent {
    }

    /** "I could not open what you sent me over our session; this message starts a new one." */
    record SessionReset() implements PairwiseContent {
    }

    /**
     * "Send me your Sender Key {@code keyId} in {@code conversationId} from chain position {@code iteration}": the
     * position of the first message the sender of this request could not open.
     */
    record KeyRequest(String conversationId, int keyId, int iteration) implements PairwiseContent {
        public KeyRequest {
            if (conversationId == null || conversationId.isEmpty()) {
                throw new IllegalArgumentException("a key request names its conversation");
            }
        }
    }

    record Unknown() implements PairwiseContent {
    }

    static byte[] encode(PairwiseContent content) {
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
            byte[] inner = new ProtoWriter()
                    .bytes(1, request.conversationId().getBytes(StandardCharsets.UTF_8))
                    .uint32(2, Integer.toUnsignedLong(request.keyId()))
                    .uint32(3, Integer.toUnsignedLong(request.iteration()))
                    .toByteArray();
            return new ProtoWriter().bytes(KEY_REQUEST, inner).toByteArray();
        }
        throw new IllegalArgumentException("nothing to encode");
    }

    /** @throws InvalidMessageException when a known field is malformed */
    static PairwiseContent decode(byte[] bytes) {
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
            return new KeyRequest(new String(conversation, StandardCharsets.UTF_8), (int) inner.uint32(2, 0),
                    (int) inner.uint32(3, 0));
        }
        return new Unknown();
    }
}
