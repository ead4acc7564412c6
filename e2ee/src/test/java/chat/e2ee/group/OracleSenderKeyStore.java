package chat.e2ee.group;

import java.util.HashMap;
import java.util.Map;
import org.whispersystems.libsignal.groups.state.SenderKeyRecord;
import org.whispersystems.libsignal.groups.state.SenderKeyStore;

/** Signal's Sender Key store interface, in memory (2.8.1 ships none), serializing as Signal's stores do. */
public final class OracleSenderKeyStore implements SenderKeyStore {
    private final Map<org.whispersystems.libsignal.groups.SenderKeyName, byte[]> records = new HashMap<>();

    public OracleSenderKeyStore() {
    }

    @Override
    public void storeSenderKey(org.whispersystems.libsignal.groups.SenderKeyName name, SenderKeyRecord record) {
        records.put(name, record.serialize());
    }

    @Override
    public SenderKeyRecord loadSenderKey(org.whispersystems.libsignal.groups.SenderKeyName name) {
        try {
            byte[] bytes = records.get(name);
            return bytes == null ? new SenderKeyRecord() : new SenderKeyRecord(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
