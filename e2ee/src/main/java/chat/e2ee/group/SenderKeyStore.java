package chat.e2ee.group;

import java.util.Optional;

/** Where a device keeps the Sender Keys it holds: its own and those of the other member devices. */
public interface SenderKeyStore {
    /** A record the caller owns: changing it changes nothing stored until {@link #store} is called. */
    Optional<SenderKeyRecord> load(SenderKeyName name);

    void store(SenderKeyName name, SenderKeyRecord record);
}
