package chat.e2ee.messaging;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.group.InMemorySenderKeyStore;
import chat.e2ee.session.Address;
import chat.e2ee.session.InMemorySignalStore;
import chat.e2ee.session.PreKeyBundle;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** A stand-in for the key directory: devices publish prekeys, fetches claim one-time prekeys once. */
final class Directory implements BundleSource {
    static final SecureRandom RANDOM = new SecureRandom();

    private record Published(InMemorySignalStore store, PreKeys.Signed signed, Deque<PreKeys.OneTime> oneTime) {
    }

    private final Map<Address, Published> published = new HashMap<>();
    private final Map<Address, InMemorySenderKeyStore> senderKeys = new HashMap<>();

    /** A new device of a user whose account identity key is {@code identity}; it publishes 5 one-time prekeys. */
    ConversationCrypto device(Address address, KeyPair identity) {
        InMemorySignalStore store = new InMemorySignalStore(identity, 1 + RANDOM.nextInt(16380));
        PreKeys.Signed signed = PreKeys.signed(identity, 1, RANDOM);
        store.addSignedPreKey(signed.id(), signed.keyPair());
        Deque<PreKeys.OneTime> oneTime = new ArrayDeque<>(PreKeys.oneTime(1, 5, RANDOM));
        oneTime.forEach(key -> store.addOneTimePreKey(key.id(), key.keyPair()));
        published.put(address, new Published(store, signed, oneTime));
        InMemorySenderKeyStore keys = new InMemorySenderKeyStore();
        senderKeys.put(address, keys);
        return new ConversationCrypto(address, store, keys, new DistributionLedger.InMemory(), this, RANDOM);
    }

    /** The Sender Keys a device made with {@link #device} holds. */
    InMemorySenderKeyStore senderKeys(Address address) {
        return senderKeys.get(address);
    }

    void withdraw(Address address) {
        published.remove(address);
    }

    @Override
    public synchronized Optional<PreKeyBundle> fetch(Address device) {
        Published keys = published.get(device);
        if (keys == null) {
            return Optional.empty();
        }
        PreKeys.OneTime oneTime = keys.oneTime().poll();
        return Optional.of(new PreKeyBundle(keys.store().localRegistrationId(),
                keys.store().identityKeyPair().publicKey(), keys.signed().id(), keys.signed().keyPair().publicKey(),
                keys.signed().signature(),
                oneTime == null ? OptionalInt.empty() : OptionalInt.of(oneTime.id()),
                Optional.ofNullable(oneTime).map(key -> key.keyPair().publicKey())));
    }
}
