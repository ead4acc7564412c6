package chat.e2ee.group;

import chat.e2ee.curve.PrivateKey;
import chat.e2ee.curve.PublicKey;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * One Sender Key of one member device in one conversation: its id, where its chain stands, the keys of messages
 * skipped on it, its signing key (with the private half only on the sender's own devices), and where the chain
 * started — what a newly approved device needs to read the conversation's stored history from that point.
 */
final class SenderKeyState {
    static final int MAX_SKIPPED_KEYS = 2000;

    private final int keyId;
    private final SenderChainKey origin;
    private SenderChainKey chainKey;
    private final PublicKey signingKey;
    private final PrivateKey signingPrivateKey;
    private final LinkedHashMap<Integer, SenderMessageKey> skipped;

    SenderKeyState(int keyId, SenderChainKey origin, PublicKey signingKey, PrivateKey signingPrivateKey) {
        this(keyId, origin, origin, signingKey, signingPrivateKey, new LinkedHashMap<>());
    }

    SenderKeyState(int keyId, SenderChainKey origin, SenderChainKey chainKey, PublicKey signingKey,
            PrivateKey signingPrivateKey, LinkedHashMap<Integer, SenderMessageKey> skipped) {
        this.keyId = keyId;
        this.origin = origin;
        this.chainKey = chainKey;
        this.signingKey = signingKey;
        this.signingPrivateKey = signingPrivateKey;
        this.skipped = skipped;
    }

    SenderKeyState copy() {
        return new SenderKeyState(keyId, origin, chainKey, signingKey, signingPrivateKey,
                new LinkedHashMap<>(skipped));
    }

    int keyId() {
        return keyId;
    }

    SenderChainKey origin() {
        return origin;
    }

    SenderChainKey chainKey() {
        return chainKey;
    }

    void chainKey(SenderChainKey next) {
        this.chainKey = next;
    }

    PublicKey signingKey() {
        return signingKey;
    }

    Optional<PrivateKey> signingPrivateKey() {
        return Optional.ofNullable(signingPrivateKey);
    }

    void skip(SenderMessageKey key) {
        skipped.put(key.iteration(), key);
        if (skipped.size() > MAX_SKIPPED_KEYS) {
            skipped.remove(skipped.keySet().iterator().next());
        }
    }

    java.util.Collection<SenderMessageKey> skipped() {
        return skipped.values();
    }

    SenderMessageKey takeSkipped(int iteration) {
        return skipped.remove(iteration);
    }
}
