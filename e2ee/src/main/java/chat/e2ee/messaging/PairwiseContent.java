package chat.e2ee.messaging;

import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import java.nio.charset.StandardCharsets;

/**
 * What a pairwise (device-to-device) message carries once decrypted. Today a Sender Key for a conversation; linking,
 * history keys, resend requests and call signalling get their own fields. A content with none of the known fields
 * is {@link Unknown} (from a newer client), never an error.
 */
public sealed interface PairwiseContent {
    int SENDER_KEY = 1;

    record SenderKeyFor(String conversationId, SenderKeyDistributionMessage distribution) implements PairwiseContent {
    }

    record Unknown() implements PairwiseContent {
    }

    static byte[] encode(SenderKeyFor content) {
        byte[] inner = new ProtoWriter()
                .bytes(1, content.conversationId().getBytes(StandardCharsets.UTF_8))
                .bytes(2, content.distribution().serialized())
                .toByteArray();
        return new ProtoWriter().bytes(SENDER_KEY, inner).toByteArray();
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
        return new Unknown();
    }
}
