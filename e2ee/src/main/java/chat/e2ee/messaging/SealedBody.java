package chat.e2ee.messaging;

import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import chat.e2ee.wire.Suites;
import java.nio.charset.StandardCharsets;

/**
 * A conversation message's {@code body} as the server stores it: {@code {1: suite, 2: ciphertext}} in protobuf, the
 * ciphertext being a {@code SenderKeyMessage} for the suite {@code signal-v3}.
 */
public record SealedBody(String suite, byte[] ciphertext) {
    public byte[] encode() {
        return new ProtoWriter().bytes(1, suite.getBytes(StandardCharsets.US_ASCII)).bytes(2, ciphertext)
                .toByteArray();
    }

    /** @throws InvalidMessageException when it is not a sealed body of a known suite */
    public static SealedBody decode(byte[] body) {
        ProtoReader in = ProtoReader.parse(body);
        byte[] suite = in.bytes(1);
        byte[] ciphertext = in.bytes(2);
        if (suite == null || ciphertext == null) {
            throw new InvalidMessageException("not a sealed body");
        }
        String name = new String(suite, StandardCharsets.US_ASCII);
        Suites.requireKnown(name);
        return new SealedBody(name, ciphertext);
    }
}
