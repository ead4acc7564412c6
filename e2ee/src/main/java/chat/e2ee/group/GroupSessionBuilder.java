package chat.e2ee.group;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.wire.SenderKeyDistributionMessage;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Creates this device's Sender Keys and takes in other devices' ones. A Sender Key travels as a
 * {@link SenderKeyDistributionMessage} inside a pairwise session, to every device of every member.
 */
public final class GroupSessionBuilder {
    private final SenderKeyStore store;
    private final SecureRandom random;

    public GroupSessionBuilder(SenderKeyStore store, SecureRandom random) {
        this.store = store;
        this.random = random;
    }

    /**
     * This device's current Sender Key for the conversation, where its chain stands now (created on first use): what
     * a member device that joined now needs to read what this device sends from now on.
     */
    public SenderKeyDistributionMessage distribution(SenderKeyName own) {
        SenderKeyRecord record = store.load(own).orElseGet(SenderKeyRecord::new);
        SenderKeyState state = record.newest().filter(s -> s.signingPrivateKey().isPresent())
                .orElseGet(() -> create(record));
        store.store(own, record);
        return toMessage(state, state.chainKey());
    }

    /** This device's current Sender Key for the conversation; empty before its first message there. */
    public Optional<OwnSenderKey> current(SenderKeyName own) {
        return store.load(own).flatMap(SenderKeyRecord::newest).filter(s -> s.signingPrivateKey().isPresent())
                .map(s -> new OwnSenderKey(s.keyId(), s.chainKey().iteration() - s.origin().iteration()));
    }

    /**
     * Starts a new Sender Key (a member or a device left, or the periodic rotation): from now on this device sends
     * with it, and a device that has not received it cannot read anything sent after this point.
     */
    public SenderKeyDistributionMessage rotate(SenderKeyName own) {
        SenderKeyRecord record = store.load(own).orElseGet(SenderKeyRecord::new);
        SenderKeyState state = create(record);
        store.store(own, record);
        return toMessage(state, state.chainKey());
    }

    /**
     * Every Sender Key this device holds under {@code name}, each from the start of its chain: what a newly approved
     * device of the same user needs to decrypt the conversation's stored history.
     */
    public List<SenderKeyDistributionMessage> fromTheStart(SenderKeyName name) {
        return store.load(name).map(record -> record.states().stream()
                .map(state -> toMessage(state, state.origin())).toList()).orElse(List.of());
    }

    /**
     * This device's own Sender Key {@code keyId} from chain position {@code iteration}, for a device that was given
     * it and lost it: from where the chain started if that is later, never beyond where it stands now. Empty when
     * this device holds no such key of its own (rotated out of the kept chains, or never its own).
     */
    public Optional<SenderKeyDistributionMessage> ownAt(SenderKeyName own, int keyId, int iteration) {
        return at(own, keyId, iteration, true);
    }

    /**
     * A Sender Key {@code keyId} this device holds under {@code name}, its own or received, from chain position
     * {@code iteration} as {@link #ownAt}: what a device of the same account that misses it is given.
     */
    public Optional<SenderKeyDistributionMessage> heldAt(SenderKeyName name, int keyId, int iteration) {
        return at(name, keyId, iteration, false);
    }

    private Optional<SenderKeyDistributionMessage> at(SenderKeyName name, int keyId, int iteration, boolean own) {
        Optional<SenderKeyState> state = store.load(name).flatMap(r -> r.state(keyId))
                .filter(s -> !own || s.signingPrivateKey().isPresent());
        if (state.isEmpty()) {
            return Optional.empty();
        }
        int target = Math.min(Math.max(iteration, state.get().origin().iteration()),
                state.get().chainKey().iteration());
        SenderChainKey at = state.get().origin();
        while (at.iteration() < target) {
            at = at.next();
        }
        return Optional.of(toMessage(state.get(), at));
    }

    /**
     * Takes in another device's Sender Key. One already held under the same id is kept as it is (false): replacing it
     * with an earlier chain position would let old messages be replayed.
     */
    public boolean process(SenderKeyName sender, SenderKeyDistributionMessage message) {
        SenderKeyRecord record = store.load(sender).orElseGet(SenderKeyRecord::new);
        if (record.state(message.keyId()).isPresent()) {
            return false;
        }
        record.addNewest(new SenderKeyState(message.keyId(),
                new SenderChainKey(message.iteration(), message.chainKey()), message.signingKey(), null));
        store.store(sender, record);
        return true;
    }

    private SenderKeyState create(SenderKeyRecord record) {
        byte[] chainKey = new byte[32];
        random.nextBytes(chainKey);
        KeyPair signing = KeyPair.generate(random);
        int keyId;
        do {
            keyId = random.nextInt() & Integer.MAX_VALUE;
        } while (record.state(keyId).isPresent());
        SenderKeyState state = new SenderKeyState(keyId, new SenderChainKey(0, chainKey), signing.publicKey(),
                signing.privateKey());
        record.addNewest(state);
        return state;
    }

    private static SenderKeyDistributionMessage toMessage(SenderKeyState state, SenderChainKey at) {
        return SenderKeyDistributionMessage.create(state.keyId(), at.iteration(), at.key(), state.signingKey());
    }
}
