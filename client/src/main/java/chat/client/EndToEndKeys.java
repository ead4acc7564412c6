package chat.client;

import chat.model.api.TokenIssued;
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
        TokenIssued token = api.token(Objects.requireNonNull(credential, "credential"));
        if (keys.ensurePublished(token.token(), Objects.requireNonNull(userId, "userId"))
                == DeviceKeys.Status.NOT_APPROVED) {
            return Result.NOT_APPROVED;
        }
        new AccountDeviceList(store, new KeysApi(api), new SecureRandom(), Clock.systemUTC())
                .ensureExists(token.token(), userId, token.deviceId());
        return Result.PUBLISHED;
    }

    /**
     * Removes a device of the account: first out of the account's signed device list (when this device holds the
     * identity key to sign it), so that no client gives it keys again even if the server kept listing it, then
     * from the server ({@code DELETE /v1/devices/{deviceId}}). Removing this device itself is logging out.
     */
    public static void removeDevice(ChatHttpApi api, String bearer, String userId, String deviceId, KeyStore store) {
        Objects.requireNonNull(api, "api");
        if (Objects.requireNonNull(store, "store").hasIdentity()) {
            new AccountDeviceList(store, new KeysApi(api), new SecureRandom(), Clock.systemUTC())
                    .remove(bearer, Objects.requireNonNull(userId, "userId"), deviceId);
        }
        api.removeDevice(bearer, deviceId);
    }
}
