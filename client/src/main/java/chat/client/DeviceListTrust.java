package chat.client;

import chat.e2ee.curve.PublicKey;
import chat.e2ee.linking.DeviceList;
import chat.e2ee.linking.SignedDeviceList;
import chat.e2ee.wire.InvalidMessageException;
import java.util.Optional;

/**
 * Which signed device list of a user this device believes (docs/e2ee.md, Devices a user approved): the list the
 * directory serves if it verifies with the user's identity key and is not older than the newest one this device
 * verified before, else that held one. The server can withhold a newer list but cannot make one, nor bring back an
 * older one: a device it adds, or a removed device it lists again, is in no list this device accepts.
 */
final class DeviceListTrust {
    private static final System.Logger LOG = System.getLogger(DeviceListTrust.class.getName());
    private final KeyStore store;

    DeviceListTrust(KeyStore store) {
        this.store = store;
    }

    /**
     * The newest list of {@code userId} under {@code identityKey}: {@code served} (serialized, may be null) if it is
     * acceptable, which is then held, else the held one; empty when there is neither.
     */
    Optional<DeviceList> current(String userId, PublicKey identityKey, byte[] served) {
        Optional<DeviceList> held = held(userId, identityKey);
        if (served == null) {
            return held;
        }
        SignedDeviceList.Check check;
        try {
            check = SignedDeviceList.parse(served).verify(identityKey, userId, held);
        } catch (InvalidMessageException e) {
            check = new SignedDeviceList.Check.Refused(SignedDeviceList.Reason.MALFORMED, e.getMessage());
        }
        if (check instanceof SignedDeviceList.Check.Accepted accepted) {
            if (held.isEmpty() || accepted.list().version() > held.get().version()) {
                store.holdDeviceList(userId, identityKey, accepted.list().version(), served);
            }
            return Optional.of(accepted.list());
        }
        if (check instanceof SignedDeviceList.Check.Rollback rollback) {
            LOG.log(System.Logger.Level.WARNING, "the directory serves " + userId + "'s device list version "
                    + rollback.offered() + ", older than version " + rollback.held() + " seen before: ignored");
        } else {
            SignedDeviceList.Check.Refused refused = (SignedDeviceList.Check.Refused) check;
            LOG.log(System.Logger.Level.WARNING, "the directory serves a device list for " + userId
                    + " that is refused (" + refused.reason() + ": " + refused.detail() + ")");
        }
        return held;
    }

    private Optional<DeviceList> held(String userId, PublicKey identityKey) {
        return store.heldDeviceList(userId, identityKey).flatMap(bytes -> {
            SignedDeviceList.Check check = SignedDeviceList.parse(bytes).verify(identityKey, userId, Optional.empty());
            return check instanceof SignedDeviceList.Check.Accepted a ? Optional.of(a.list()) : Optional.empty();
        });
    }
}
