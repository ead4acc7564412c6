package chat.e2ee.group;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link SenderKeyStore} in memory, for tests and for embedding. */
public final class InMemorySenderKeyStore implements SenderKeyStore {
    private final Map<SenderKeyName, SenderKeyRecord> records = new HashMap<>();

    @Override
    public synchronized Optional<SenderKeyRecord> load(SenderKeyName name) {
        return Optional.ofNullable(records.get(name)).map(SenderKeyRecord::copy);
    }

    @Override
    public synchronized void store(SenderKeyName name, SenderKeyRecord record) {
        records.put(name, record.copy());
    }
}
