package chat.e2ee.session;

import chat.e2ee.curve.KeyPair;
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
import java.util.OptionalInt;

/**
 * Session records as bytes for the device's own store (protobuf encoding, our own field numbers: the format never
 * leaves the device). The first field names the suite, so a record of a later suite is recognised, not misread.
 */
final class SessionRecordCodec {
    private SessionRecordCodec() {
    }

    static byte[] encode(SessionRecord record) {
        ProtoWriter out = new ProtoWriter().bytes(1, Suites.SIGNAL_V3.getBytes(StandardCharsets.US_ASCII));
        record.current().ifPresent(state -> out.bytes(2, encode(state)));
        record.previous().forEach(state -> out.bytes(3, encode(state)));
        return out.toByteArray();
    }

    static SessionRecord decode(byte[] bytes) {
        ProtoReader in = ProtoReader.parse(bytes);
        byte[] suite = in.bytes(1);
        Suites.requireKnown(suite == null ? null : new String(suite, StandardCharsets.US_ASCII));
        SessionState current = in.has(2) ? decodeState(in.bytes(2)) : null;
        List<SessionState> previous = new ArrayList<>();
        in.repeatedBytes(3).forEach(state -> previous.add(decodeState(state)));
        return new SessionRecord(current, previous);
    }

    private static byte[] encode(SessionState state) {
        ProtoWriter out = new ProtoWriter()
                .bytes(1, state.localIdentity().serialize())
                .bytes(2, state.remoteIdentity().serialize())
                .uint32(3, state.localRegistrationId())
                .uint32(4, state.remoteRegistrationId())
                .bytes(5, state.baseKey().serialize())
                .bytes(6, state.rootKey().key())
                .bytes(7, state.senderRatchetKey().privateKey().bytes())
                .bytes(8, state.senderChainKey().key())
                .uint32(9, Integer.toUnsignedLong(state.senderChainKey().index()))
                .uint32(10, Integer.toUnsignedLong(state.previousCounter()))
                .bytes(13, state.senderRatchetKey().publicKey().serialize());
        state.pendingPreKey().ifPresent(pending -> {
            ProtoWriter p = new ProtoWriter();
            pending.preKeyId().ifPresent(id -> p.uint32(1, Integer.toUnsignedLong(id)));
            out.bytes(11, p.uint32(2, Integer.toUnsignedLong(pending.signedPreKeyId()))
                    .bytes(3, pending.baseKey().serialize()).toByteArray());
        });
        for (ReceiverChain chain : state.receiverChains()) {
            ProtoWriter c = new ProtoWriter()
                    .bytes(1, chain.ratchetKey().serialize())
                    .bytes(2, chain.chainKey().key())
                    .uint32(3, Integer.toUnsignedLong(chain.chainKey().index()));
            chain.skipped().values().forEach(keys -> c.bytes(4, new ProtoWriter()
                    .uint32(1, Integer.toUnsignedLong(keys.counter()))
                    .bytes(2, keys.cipherKey()).bytes(3, keys.macKey()).bytes(4, keys.iv()).toByteArray()));
            out.bytes(12, c.toByteArray());
        }
        return out.toByteArray();
    }

    private static SessionState decodeState(byte[] bytes) {
        ProtoReader in = ProtoReader.parse(bytes);
        SessionState.PendingPreKey pending = null;
        if (in.has(11)) {
            ProtoReader p = ProtoReader.parse(in.bytes(11));
            pending = new SessionState.PendingPreKey(
                    p.has(1) ? OptionalInt.of(p.int32(1, 0)) : OptionalInt.empty(), p.int32(2, 0), key(p, 3));
        }
        List<ReceiverChain> chains = new ArrayList<>();
        for (byte[] chainBytes : in.repeatedBytes(12)) {
            ProtoReader c = ProtoReader.parse(chainBytes);
            LinkedHashMap<Integer, MessageKeys> skipped = new LinkedHashMap<>();
            for (byte[] keyBytes : c.repeatedBytes(4)) {
                ProtoReader k = ProtoReader.parse(keyBytes);
                int counter = k.int32(1, 0);
                skipped.put(counter, new MessageKeys(bytes(k, 2), bytes(k, 3), bytes(k, 4), counter));
            }
            chains.add(new ReceiverChain(key(c, 1), new ChainKey(bytes(c, 2), c.int32(3, 0)), skipped));
        }
        return new SessionState(key(in, 1), key(in, 2), in.int32(3, 0), in.int32(4, 0), key(in, 5),
                new RootKey(bytes(in, 6)), new KeyPair(key(in, 13), PrivateKey.of(bytes(in, 7))),
                new ChainKey(bytes(in, 8), in.int32(9, 0)), in.int32(10, 0), pending, chains);
    }

    private static PublicKey key(ProtoReader in, int field) {
        return PublicKey.decode(bytes(in, field));
    }

    private static byte[] bytes(ProtoReader in, int field) {
        byte[] value = in.bytes(field);
        if (value == null) {
            throw new InvalidMessageException("stored session lacks field " + field);
        }
        return value;
    }
}
