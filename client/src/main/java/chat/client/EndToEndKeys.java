package chat.client;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes a device's keys without connecting, so that others can write to it from the moment it is logged in
 * (a device that only publishes on its first connect misses what is sent to it before then). A connected
 * {@link ChatDevice} with end-to-end encryption on keeps them topped up by itself.
 */
public final class EndToEndKeys {
    public enum Result {
        /** The directory holds this device's identity, signed prekey and one-time prekeys. */
        PUBLISHED,
        /** The account's identity lives on its other devices: this device must be approved from one of them. */
        NOT_APPROVED
    }

    private EndToEndKeys() {
    }

    /**
     * The code this device shows to be approved by another device of its account (made once, then the same until
     * it is approved); empty when it holds the account identity already.
     */
    public static Optional<LinkCode> linkCode(KeyStore store, String deviceId) {
        return DeviceLinking.codeFor(Objects.requireNonNull(store, "store"), deviceId, new SecureRandom());
    }

    /** Makes the account identity when this is the account's first device, then publishes what the directory lacks. */
    public static Result publish(ChatHttpApi api, String credential, String userId, KeyStore store) {
        Objects.requireNonNull(api, "api");
        DeviceKeys keys = new DeviceKeys(Objects.requireNonNull(store, "store"), new KeysApi(api), new SecureRandom(),
                Clock.systemUTC());
        String bearer = api.token(Objects.requireNonNull(credential, "credential")).token();
        return keys.ensurePublished(bearer, Objects.requireNonNull(userId, "userId")) == DeviceKeys.Status.READY
                ? Result.PUBLISHED : Result.NOT_APPROVED;
    }
}
