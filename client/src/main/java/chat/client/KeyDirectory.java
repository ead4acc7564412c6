package chat.client;

import chat.e2ee.curve.PublicKey;
import chat.e2ee.linking.DeviceList;
import chat.e2ee.messaging.BundleSource;
import chat.e2ee.session.Address;
import chat.model.ErrorCode;
import chat.model.keys.DeviceIdentityKey;
import chat.model.keys.IdentityKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The key directory as one device reads it: which devices a user has, and prekey bundles to start sessions with them.
 * A user's devices come from {@code GET /v1/identity-keys/{userId}}, which hands out no prekey, and are read again
 * after {@link #DEVICE_LIST_TTL}; only those that the user's signed device list names (verified with the user's
 * identity key, {@link DeviceListTrust}) are used, so a device the server adds on its own gets nothing. A bundle, and
 * with it one of the device's one-time prekeys, is fetched only when a session is to be started. Called on the
 * device's crypto thread; it blocks on HTTP.
 */
final class KeyDirectory implements BundleSource {
    static final Duration DEVICE_LIST_TTL = Duration.ofMinutes(5);
    /**
     * How long a listing without a single approved device is used: a device publishes its keys and then its account's
     * first signed list, and a reader that came in between must not miss it for the whole TTL.
     */
    static final Duration EMPTY_LISTING_TTL = Duration.ofSeconds(2);

    private record Listing(long fetchedAt, List<String> deviceIds) {
    }

    private final KeysApi api;
    private final Supplier<String> bearer;
    private final KeyStore store;
    private final Supplier<String> ownUserId;
    private final DeviceListTrust trust;
    private final Clock clock;
    private final Map<String, Listing> listings = new HashMap<>();

    KeyDirectory(KeysApi api, Supplier<String> bearer, KeyStore store, Supplier<String> ownUserId, Clock clock) {
        this.api = api;
        this.bearer = bearer;
        this.store = store;
        this.ownUserId = ownUserId;
        this.trust = new DeviceListTrust(store);
        this.clock = clock;
    }

    /**
     * The user's devices that published keys and are in the user's signed device list (for this user: the others),
     * empty for an unknown user or one without a valid list.
     */
    synchronized List<Address> devices(String userId) {
        Listing listing = listings.get(userId);
        if (listing == null || clock.millis() - listing.fetchedAt() > (listing.deviceIds().isEmpty()
                ? EMPTY_LISTING_TTL : DEVICE_LIST_TTL).toMillis()) {
            listing = read(userId);
            listings.put(userId, listing);
        }
        List<Address> devices = new ArrayList<>();
        listing.deviceIds().forEach(d -> devices.add(new Address(userId, d)));
        return devices;
    }

    /** Reads the user's list again on next use (a device was refused as unknown, or was added). */
    synchronized void forget(String userId) {
        listings.remove(userId);
    }

    @Override
    public synchronized Optional<chat.e2ee.session.PreKeyBundle> fetch(Address device) {
        chat.model.keys.PreKeyBundle bundle;
        try {
            bundle = api.bundle(bearer.get(), device.userId(), device.deviceId());
        } catch (ChatApiException e) {
            if (e.code() == ErrorCode.DEVICE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return convert(bundle);
    }

    private Listing read(String userId) {
        IdentityKeys identities;
        try {
            identities = api.identities(bearer.get(), userId);
        } catch (ChatApiException e) {
            if (e.code() == ErrorCode.USER_NOT_FOUND) {
                return new Listing(clock.millis(), List.of());
            }
            throw e;
        }
        return new Listing(clock.millis(), approved(identities));
    }

    /**
     * The listed devices that the signed list names, verified with the account's identity key: this device's own for
     * its account; for another user the key their devices carry (all of an account's devices share it; a device with
     * another key is in no list that key signed, and a changed key is caught as an identity change afterwards).
     */
    private List<String> approved(IdentityKeys identities) {
        String userId = identities.userId();
        Set<PublicKey> keys = new LinkedHashSet<>();
        if (userId.equals(ownUserId.get())) {
            keys.add(store.identityKeyPair().publicKey());
        } else {
            for (DeviceIdentityKey d : identities.devices()) {
                try {
                    keys.add(PublicKey.decode(d.identityKeyBytes()));
                } catch (IllegalArgumentException notAKey) { // InvalidKeyException: such a device is left out
                }
            }
        }
        List<String> approved = new ArrayList<>();
        for (PublicKey key : keys) {
            Set<String> named = trust.current(userId, key, identities.deviceListBytes())
                    .map(DeviceList::deviceIds).orElse(Set.of());
            for (DeviceIdentityKey d : identities.devices()) {
                if (named.contains(d.deviceId()) && Arrays.equals(d.identityKeyBytes(), key.serialize())) {
                    approved.add(d.deviceId());
                }
            }
        }
        return approved;
    }

    /** Signal's form of the bundle; empty when a key does not decode (the session builder checks the signature). */
    static Optional<chat.e2ee.session.PreKeyBundle> convert(chat.model.keys.PreKeyBundle b) {
        try {
            OptionalInt oneTimeId = b.oneTimePreKey() == null ? OptionalInt.empty()
                    : OptionalInt.of(b.oneTimePreKey().keyId());
            Optional<PublicKey> oneTime = b.oneTimePreKey() == null ? Optional.empty()
                    : Optional.of(PublicKey.decode(java.util.Base64.getDecoder().decode(b.oneTimePreKey().publicKey())));
            return Optional.of(new chat.e2ee.session.PreKeyBundle(b.registrationId(),
                    PublicKey.decode(b.identityKeyBytes()), b.signedPreKey().keyId(),
                    PublicKey.decode(b.signedPreKey().publicKeyBytes()), b.signedPreKey().signatureBytes(), oneTimeId,
                    oneTime));
        } catch (IllegalArgumentException e) { // InvalidKeyException included
            return Optional.empty();
        }
    }
}
