package chat.client;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.linking.DeviceList;
import chat.e2ee.linking.SignedDeviceList;
import chat.model.ErrorCode;
import chat.model.keys.DeviceIdentityKey;
import chat.model.keys.IdentityKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The signed device list of this device's own account, as a device that holds the account identity key keeps it:
 * it publishes the first one, adds a device it approves before handing it the identity, and takes out a device
 * being removed. Each change is made to the newest list (the directory's if it verifies and is not older than the
 * one held here) and signed one version higher; a concurrent change by another device ({@code DEVICE_LIST_STALE})
 * is read and the change made again.
 */
final class AccountDeviceList {
    private static final int ATTEMPTS = 5;
    private final KeyStore store;
    private final KeysApi api;
    private final DeviceListTrust trust;
    private final SecureRandom random;
    private final Clock clock;

    AccountDeviceList(KeyStore store, KeysApi api, SecureRandom random, Clock clock) {
        this.store = store;
        this.api = api;
        this.trust = new DeviceListTrust(store);
        this.random = random;
        this.clock = clock;
    }

    /**
     * Publishes a first list when the account has none: this device and the account's other devices that share its
     * identity key (none on a first device; on an account from before signed lists, the devices it had). Once this
     * device holds a list of its account it asks nothing.
     */
    void ensureExists(String bearer, String userId, String deviceId) {
        KeyPair identity = store.identityKeyPair();
        if (store.heldDeviceList(userId, identity.publicKey()).isPresent()) {
            return;
        }
        IdentityKeys served = api.identities(bearer, userId);
        if (trust.current(userId, identity.publicKey(), served.deviceListBytes()).isPresent()) {
            return;
        }
        Set<String> devices = new TreeSet<>();
        devices.add(deviceId);
        for (DeviceIdentityKey d : served.devices()) {
            if (Arrays.equals(d.identityKeyBytes(), identity.publicKey().serialize())) {
                devices.add(d.deviceId());
            }
        }
        publish(bearer, new DeviceList(userId, 1, devices, clock.millis()));
    }

    /** Adds {@code deviceId} (a device being approved); nothing when the list names it already. */
    void add(String bearer, String userId, String deviceId) {
        change(bearer, userId, true, list -> list.deviceIds().contains(deviceId) ? list
                : list.with(deviceId, clock.millis()));
    }

    /**
     * Takes {@code deviceId} out (a device being removed); nothing when the list does not name it, or when the account
     * has no list (then no client trusts any of its devices anyway).
     */
    void remove(String bearer, String userId, String deviceId) {
        change(bearer, userId, false, list -> !list.deviceIds().contains(deviceId) || list.deviceIds().size() == 1
                ? list : list.without(deviceId, clock.millis()));
    }

    private void change(String bearer, String userId, boolean listRequired, UnaryOperator<DeviceList> change) {
        KeyPair identity = store.identityKeyPair();
        for (int attempt = 1; ; attempt++) {
            Optional<DeviceList> current = trust.current(userId, identity.publicKey(),
                    api.identities(bearer, userId).deviceListBytes());
            if (current.isEmpty() && !listRequired) {
                return;
            }
            if (current.isEmpty()) {
                throw new EndToEndException(EndToEndException.Reason.KEYS_REFUSED, "this account has no device list"
                        + " signed by its identity key: connect one of its devices first");
            }
            DeviceList changed = change.apply(current.get());
            if (changed.equals(current.get())) {
                return;
            }
            try {
                publish(bearer, changed);
                return;
            } catch (ChatApiException e) {
                if (e.code() != ErrorCode.DEVICE_LIST_STALE || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void publish(String bearer, DeviceList list) {
        SignedDeviceList signed = SignedDeviceList.sign(list, store.identityKeyPair().privateKey(), random);
        api.publishDeviceList(bearer, signed.serialize());
        store.holdDeviceList(list.userId(), store.identityKeyPair().publicKey(), list.version(), signed.serialize());
    }
}
