package chat.functions.keys;

import chat.e2ee.curve.InvalidKeyException;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.linking.SignedDeviceList;
import chat.e2ee.wire.InvalidMessageException;
import chat.functions.store.DeviceKeysTable;
import chat.functions.store.DeviceListsTable;
import chat.functions.store.DeviceListsTable.Stored;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Limits;
import chat.model.auth.DevicePrincipal;
import chat.model.keys.DeviceListUpload;
import chat.model.keys.KeySuite;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;

/**
 * A device publishing its account's signed device list. The server cannot make or alter such a list, and clients
 * verify it themselves; these checks keep a broken or stale list out of the directory so the clients of the account
 * learn of a conflict at once (DEVICE_LIST_STALE) rather than every reader discarding it.
 */
@ApplicationScoped
public class DeviceListPublisher {
    private final DeviceKeysTable deviceKeys;
    private final DeviceListsTable lists;
    private final Clock clock;

    public DeviceListPublisher(DeviceKeysTable deviceKeys, DeviceListsTable lists, Clock clock) {
        this.deviceKeys = deviceKeys;
        this.lists = lists;
        this.clock = clock;
    }

    /** Stores the list; answers its version. */
    public long publish(DevicePrincipal caller, DeviceListUpload upload) {
        if (upload.suite() != KeySuite.SIGNAL_V3) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field \"suite\" must be one of signal-v3");
        }
        byte[] identityKey = deviceKeys.get(caller.userId(), caller.deviceId())
                .orElseThrow(() -> new ChatException(ErrorCode.FORBIDDEN,
                        "publish this device's keys (PUT /v1/keys) before its account's device list"))
                .identityKey();
        SignedDeviceList signed;
        PublicKey identity;
        try {
            signed = SignedDeviceList.parse(upload.signedListBytes());
            identity = PublicKey.decode(identityKey);
        } catch (InvalidMessageException | InvalidKeyException e) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "signedList is not a signed device list: "
                    + e.getMessage());
        }
        SignedDeviceList.Check check = signed.verify(identity, caller.userId(), Optional.empty());
        if (!(check instanceof SignedDeviceList.Check.Accepted accepted)) {
            SignedDeviceList.Check.Refused refused = (SignedDeviceList.Check.Refused) check;
            throw new ChatException(switch (refused.reason()) {
                case BAD_SIGNATURE -> ErrorCode.BAD_SIGNATURE;
                case OTHER_USER -> ErrorCode.FORBIDDEN;
                case MALFORMED, FORK -> ErrorCode.INVALID_FIELD;
            }, "signedList: " + refused.detail());
        }
        int count = accepted.list().deviceIds().size();
        if (count > Limits.MAX_DEVICES_PER_USER) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "signedList names " + count
                    + " devices; an account has at most " + Limits.MAX_DEVICES_PER_USER);
        }
        long version = accepted.list().version();
        if (!lists.putNewer(caller.userId(), new Stored(identityKey, version, upload.signedListBytes()),
                clock.millis())) {
            long stored = lists.get(caller.userId()).map(Stored::version).orElse(0L);
            throw new ChatException(ErrorCode.DEVICE_LIST_STALE, "version " + version
                    + " is not above the stored list's version " + stored + ": read the list again and sign the"
                    + " change on top of it");
        }
        return version;
    }

    /** The user's stored list, as uploaded. */
    public Optional<byte[]> of(String userId) {
        return lists.get(userId).map(Stored::signedList);
    }

    /** On the account's deletion. */
    public void forget(String userId) {
        lists.delete(userId);
    }
}
