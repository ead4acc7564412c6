package chat.e2ee.group;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link SenderKeyStore} in memory, records kept serialized as a durable store keeps them. */
public final class InMemorySenderKeyStore implements SenderKeyStore {
    private final Map<SenderKeyName, byte[]> records = new HashMap<>();

    @Override
    public synchronized Optional<SenderKeyRecord> load(SenderKeyName name) {
        return Optional.ofNullable(records.get(name)).map(SenderKeyRecord::deserialize);
    }

    @Override
    public synchronized void store(SenderKeyName name, SenderKeyRecord record) {
        records.put(name, record.serialize());
    }
}
