package chat.e2ee.session;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Double Ratchet state of one pairwise session. Mutable, but every decryption works on a {@link #copy()} that
 * replaces the stored state only when the message authenticated, so a bad message changes nothing.
 */
final class SessionState {
    static final int MAX_RECEIVER_CHAINS = 5;

    /** What the initiator repeats in every message until the responder answers: X3DH's initial-message fields. */
    record PendingPreKey(OptionalInt preKeyId, int signedPreKeyId, PublicKey baseKey) {
    }

    private final PublicKey localIdentity;
    private final PublicKey remoteIdentity;
    private final int localRegistrationId;
    private final int remoteRegistrationId;
    /** The initiator's X3DH base key: a second copy of the same initial message must not start a second session. */
    private final PublicKey baseKey;
    private RootKey rootKey;
    private KeyPair senderRatchetKey;
    private ChainKey senderChainKey;
    private int previousCounter;
    private PendingPreKey pendingPreKey;
    private final List<ReceiverChain> receiverChains;

    SessionState(PublicKey localIdentity, PublicKey remoteIdentity, int localRegistrationId, int remoteRegistrationId,
            PublicKey baseKey, RootKey rootKey, KeyPair senderRatchetKey, ChainKey senderChainKey) {
        this(localIdentity, remoteIdentity, localRegistrationId, remoteRegistrationId, baseKey, rootKey,
                senderRatchetKey, senderChainKey, 0, null, new ArrayList<>());
    }

    SessionState(PublicKey localIdentity, PublicKey remoteIdentity, int localRegistrationId,
            int remoteRegistrationId, PublicKey baseKey, RootKey rootKey, KeyPair senderRatchetKey,
            ChainKey senderChainKey, int previousCounter, PendingPreKey pendingPreKey,
            List<ReceiverChain> receiverChains) {
        this.localIdentity = localIdentity;
        this.remoteIdentity = remoteIdentity;
        this.localRegistrationId = localRegistrationId;
        this.remoteRegistrationId = remoteRegistrationId;
        this.baseKey = baseKey;
        this.rootKey = rootKey;
        this.senderRatchetKey = senderRatchetKey;
        this.senderChainKey = senderChainKey;
        this.previousCounter = previousCounter;
        this.pendingPreKey = pendingPreKey;
        this.receiverChains = receiverChains;
    }

    SessionState copy() {
        List<ReceiverChain> chains = new ArrayList<>();
        receiverChains.forEach(chain -> chains.add(chain.copy()));
        return new SessionState(localIdentity, remoteIdentity, localRegistrationId, remoteRegistrationId, baseKey,
                rootKey, senderRatchetKey, senderChainKey, previousCounter, pendingPreKey, chains);
    }

    PublicKey localIdentity() {
        return localIdentity;
    }

    PublicKey remoteIdentity() {
        return remoteIdentity;
    }

    int localRegistrationId() {
        return localRegistrationId;
    }

    int remoteRegistrationId() {
        return remoteRegistrationId;
    }

    PublicKey baseKey() {
        return baseKey;
    }

    RootKey rootKey() {
        return rootKey;
    }

    KeyPair senderRatchetKey() {
        return senderRatchetKey;
    }

    ChainKey senderChainKey() {
        return senderChainKey;
    }

    void senderChainKey(ChainKey next) {
        this.senderChainKey = next;
    }

    int previousCounter() {
        return previousCounter;
    }

    Optional<PendingPreKey> pendingPreKey() {
        return Optional.ofNullable(pendingPreKey);
    }

    void pendingPreKey(PendingPreKey pending) {
        this.pendingPreKey = pending;
    }

    Optional<ReceiverChain> receiverChain(PublicKey ratchetKey) {
        return receiverChains.stream().filter(chain -> chain.ratchetKey().equals(ratchetKey)).findFirst();
    }

    void addReceiverChain(PublicKey ratchetKey, ChainKey chainKey) {
        receiverChains.add(new ReceiverChain(ratchetKey, chainKey));
        if (receiverChains.size() > MAX_RECEIVER_CHAINS) {
            receiverChains.remove(0);
        }
    }

    /** The DH ratchet step on receiving a new ratchet key: a new receiving chain, then a new sending chain. */
    ReceiverChain ratchet(PublicKey theirRatchetKey, KeyPair ourNewRatchetKey) {
        RootKey.Step receiving = rootKey.step(theirRatchetKey, senderRatchetKey);
        RootKey.Step sending = receiving.rootKey().step(theirRatchetKey, ourNewRatchetKey);
        rootKey = sending.rootKey();
        addReceiverChain(theirRatchetKey, receiving.chainKey());
        previousCounter = Math.max(senderChainKey.index() - 1, 0);
        senderRatchetKey = ourNewRatchetKey;
        senderChainKey = sending.chainKey();
        return receiverChains.get(receiverChains.size() - 1);
    }

    List<ReceiverChain> receiverChains() {
        return receiverChains;
    }
}
