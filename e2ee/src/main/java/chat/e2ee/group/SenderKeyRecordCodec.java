package chat.e2ee.group;

import chat.e2ee.curve.PrivateKey;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.wire.InvalidMessageException;
import chat.e2ee.wire.ProtoReader;
import chat.e2ee.wire.ProtoWriter;
import chat.e2ee.wire.Suites;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Sender Key records as bytes for the device's own store; the first field names the suite. */
final class SenderKeyRecordCodec {
    private SenderKeyRecordCodec() {
    }

    static byte[] encode(SenderKeyRecord record) {
        ProtoWriter out = new ProtoWriter().bytes(1, Suites.SIGNAL_V3.getBytes(StandardCharsets.US_ASCII));
        for (SenderKeyState state : record.states()) {
            ProtoWriter s = new ProtoWriter()
                    .uint32(1, Integer.toUnsignedLong(state.keyId()))
                    .uint32(2, Integer.toUnsignedLong(state.origin().iteration()))
                    .bytes(3, state.origin().key())
                    .uint32(4, Integer.toUnsignedLong(state.chainKey().iteration()))
                    .bytes(5, state.chainKey().key())
                    .bytes(6, state.signingKey().serialize());
            state.signingPrivateKey().ifPresent(key -> s.bytes(7, key.bytes()));
            state.skipped().forEach(key -> s.bytes(8, new ProtoWriter()
                    .uint32(1, Integer.toUnsignedLong(key.iteration()))
                    .bytes(2, key.iv()).bytes(3, key.cipherKey()).toByteArray()));
            out.bytes(2, s.toByteArray());
        }
        return out.toByteArray();
    }

    static SenderKeyRecord decode(byte[] bytes) {
        ProtoReader in = ProtoReader.parse(bytes);
        byte[] suite = in.bytes(1);
        Suites.requireKnown(suite == null ? null : new String(suite, StandardCharsets.US_ASCII));
        List<SenderKeyState> states = new ArrayList<>();
        for (byte[] stateBytes : in.repeatedBytes(2)) {
            ProtoReader s = ProtoReader.parse(stateBytes);
            LinkedHashMap<Integer, SenderMessageKey> skipped = new LinkedHashMap<>();
            for (byte[] keyBytes : s.repeatedBytes(8)) {
                ProtoReader k = ProtoReader.parse(keyBytes);
                int iteration = k.int32(1, 0);
                skipped.put(iteration, new SenderMessageKey(iteration, bytes(k, 2), bytes(k, 3)));
            }
            states.add(new SenderKeyState(s.int32(1, 0), new SenderChainKey(s.int32(2, 0), bytes(s, 3)),
                    new SenderChainKey(s.int32(4, 0), bytes(s, 5)), PublicKey.decode(bytes(s, 6)),
                    s.has(7) ? PrivateKey.of(s.bytes(7)) : null, skipped));
        }
        return new SenderKeyRecord(states);
    }

    private static byte[] bytes(ProtoReader in, int field) {
        byte[] value = in.bytes(field);
        if (value == null) {
            throw new InvalidMessageException("stored sender key lacks field " + field);
        }
        return value;
    }
}
