package chat.e2ee.messaging;

import chat.e2ee.session.Address;
import chat.e2ee.session.PreKeyBundle;
import java.util.Optional;

/** Where prekey bundles come from: the key directory, in the client; a map in tests. */
public interface BundleSource {
    /** The device's bundle, each call claiming a fresh one-time prekey if the directory has one; empty if unknown. */
    Optional<PreKeyBundle> fetch(Address device);
}
