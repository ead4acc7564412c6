package chat.e2ee.session;

import chat.e2ee.curve.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One receiving chain, named by the sender's ratchet key, with the keys of messages skipped on it (kept for late,
 * out-of-order arrivals; bounded as Signal bounds them, the oldest dropped first).
 */
final class ReceiverChain {
    static final int MAX_SKIPPED_KEYS = 2000;

    private final PublicKey ratchetKey;
    private ChainKey chainKey;
    private final LinkedHashMap<Integer, MessageKeys> skipped;

    ReceiverChain(PublicKey ratchetKey, ChainKey chainKey) {
        this(ratchetKey, chainKey, new LinkedHashMap<>());
    }

    ReceiverChain(PublicKey ratchetKey, ChainKey chainKey, LinkedHashMap<Integer, MessageKeys> skipped) {
        this.ratchetKey = ratchetKey;
        this.chainKey = chainKey;
        this.skipped = skipped;
    }

    PublicKey ratchetKey() {
        return ratchetKey;
    }

    ChainKey chainKey() {
        return chainKey;
    }

    void chainKey(ChainKey next) {
        this.chainKey = next;
    }

    void skip(MessageKeys keys) {
        skipped.put(keys.counter(), keys);
        if (skipped.size() > MAX_SKIPPED_KEYS) {
            Integer oldest = skipped.keySet().iterator().next();
            skipped.remove(oldest);
        }
    }

    /** The skipped keys for {@code counter}, removed so a replay of the same message finds none. */
    MessageKeys takeSkipped(int counter) {
        return skipped.remove(counter);
    }

    Map<Integer, MessageKeys> skipped() {
        return skipped;
    }

    ReceiverChain copy() {
        return new ReceiverChain(ratchetKey, chainKey, new LinkedHashMap<>(skipped));
    }
}
