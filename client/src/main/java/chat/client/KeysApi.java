package chat.client;

import chat.e2ee.curve.InvalidKeyException;
import chat.e2ee.curve.PublicKey;
import chat.e2ee.curve.Xeddsa;
import chat.model.keys.DeviceListUpload;
import chat.model.keys.IdentityKeys;
import chat.model.keys.KeyBundles;
import chat.model.keys.KeyCounts;
import chat.model.keys.KeySuite;
import chat.model.keys.KeyUpload;
import chat.model.keys.OneTimePreKey;
import chat.model.keys.PreKeyBundle;
import chat.model.keys.SignedPreKey;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The key directory (docs/protocol.md, Key directory): publish this device's public keys, read how many one-time
 * prekeys are left, list a user's devices and identity keys, fetch other devices' prekey bundles. Only public keys ever go into a request: the methods take
 * {@link PublicKey}s, and private keys stay with the caller. Every failure is a {@link ChatApiException}.
 */
public final class KeysApi {
    private final ChatHttpApi http;

    public KeysApi(ChatHttpApi http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The public parts of a signed prekey: its id, key and the identity key's XEdDSA signature over its 33 bytes. */
    public record SignedPublicPreKey(int keyId, PublicKey publicKey, byte[] signature) {
    }

    /**
     * PUT /v1/keys: publishes the calling device's identity, a signed prekey ({@code null}: keep the stored one, as a
     * top-up does) and one-time prekeys by id (at most 100). Answers the counts after the upload.
     */
    public KeyCounts publish(String bearer, PublicKey identityKey, int registrationId, SignedPublicPreKey signedPreKey,
            Map<Integer, PublicKey> oneTimePreKeys) {
        List<OneTimePreKey> oneTime = oneTimePreKeys.entrySet().stream()
                .map(e -> new OneTimePreKey(e.getKey(), b64(e.getValue().serialize()))).toList();
        SignedPreKey signed = signedPreKey == null ? null : new SignedPreKey(signedPreKey.keyId(),
                b64(signedPreKey.publicKey().serialize()), b64(signedPreKey.signature()));
        return upload(bearer, new KeyUpload(KeySuite.SIGNAL_V3, null, null, b64(identityKey.serialize()),
                registrationId, signed, oneTime));
    }

    /** PUT /v1/keys with a request built by the caller. */
    public KeyCounts upload(String bearer, KeyUpload upload) {
        return ChatHttpApi.join(http.call("PUT", "/v1/keys", upload, bearer, KeyCounts.class));
    }

    /** GET /v1/keys: the calling device's one-time prekeys left (top up below {@code KeyLimits.TOP_UP_BELOW}). */
    public KeyCounts counts(String bearer) {
        return ChatHttpApi.join(http.call("GET", "/v1/keys", null, bearer, KeyCounts.class));
    }

    /**
     * GET /v1/keys/{userId}: a bundle for each current device of the user (the calling device left out). Each
     * one-time prekey in them is handed to this call alone; check every bundle with {@link #verified}.
     */
    public KeyBundles bundles(String bearer, String userId) {
        return ChatHttpApi.join(http.call("GET", "/v1/keys/" + segment(userId), null, bearer, KeyBundles.class));
    }

    /**
     * GET /v1/identity-keys/{userId}: the user's current devices with published keys (the calling device left out)
     * and their identity keys. Hands out no prekey: list devices and show safety numbers with this, not with
     * {@link #bundles}.
     */
    public IdentityKeys identities(String bearer, String userId) {
        return ChatHttpApi.join(http.call("GET", "/v1/identity-keys/" + segment(userId), null, bearer,
                IdentityKeys.class));
    }

    /**
     * PUT /v1/device-list: publishes the account's signed device list (a serialized {@code SignedDeviceList}); a
     * version not above the stored one is refused with {@code DEVICE_LIST_STALE}.
     */
    public void publishDeviceList(String bearer, byte[] signedList) {
        ChatHttpApi.join(http.call("PUT", "/v1/device-list", new DeviceListUpload(KeySuite.SIGNAL_V3,
                b64(signedList)), bearer, Map.class));
    }

    /** GET /v1/keys/{userId}/{deviceId}: one device's bundle. */
    public PreKeyBundle bundle(String bearer, String userId, String deviceId) {
        return ChatHttpApi.join(http.call("GET", "/v1/keys/" + segment(userId) + "/" + segment(deviceId), null,
                bearer, PreKeyBundle.class));
    }

    /**
     * Whether the bundle's signed prekey carries a valid XEdDSA signature by its identity key. The server checked it
     * on upload, but a client does not trust the server with this: a bundle that fails is not used.
     */
    public static boolean verified(PreKeyBundle bundle) {
        try {
            return Xeddsa.verify(PublicKey.decode(bundle.identityKeyBytes()), bundle.signedPreKey().publicKeyBytes(),
                    bundle.signedPreKey().signatureBytes());
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
