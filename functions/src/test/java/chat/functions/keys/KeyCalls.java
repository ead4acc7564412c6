package chat.functions.keys;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.Xeddsa;
import chat.model.api.DeviceCreated;
import chat.functions.support.ApiCalls;
import chat.functions.support.ApiCalls.Account;
import chat.functions.support.ApiCalls.Answer;
import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;

/** The key directory's HTTP calls as a client makes them, and the keys of a device generated as a client would. */
final class KeyCalls {
    static final SecureRandom RANDOM = new SecureRandom();
    private final ApiCalls api;

    KeyCalls(URI base) {
        this.api = new ApiCalls(base);
    }

    record Device(Account account, String deviceId, String credential) {
        String userId() {
            return account.userId();
        }
    }

    /** A device's key material as the app holds it; only public parts are ever put in a request. */
    static final class DeviceKeys {
        final KeyPair identity = KeyPair.generate(RANDOM);
        final int registrationId = 1 + RANDOM.nextInt(16380);
        int nextKeyId = 1;

        /** An upload with a fresh signed prekey (id {@code signedId}) and {@code oneTime} fresh one-time prekeys. */
        ObjectNode upload(int signedId, int oneTime) {
            ObjectNode u = base();
            u.set("signedPreKey", signedPreKey(signedId, KeyPair.generate(RANDOM)));
            u.set("oneTimePreKeys", oneTimeKeys(oneTime));
            return u;
        }

        ObjectNode base() {
            ObjectNode u = FrameCodec.mapper().createObjectNode();
            u.put("suite", "signal-v3");
            u.put("identityKey", b64(identity.publicKey().serialize()));
            u.put("registrationId", registrationId);
            return u;
        }

        ObjectNode signedPreKey(int keyId, KeyPair prekey) {
            byte[] serialized = prekey.publicKey().serialize();
            ObjectNode s = FrameCodec.mapper().createObjectNode();
            s.put("keyId", keyId);
            s.put("publicKey", b64(serialized));
            s.put("signature", b64(Xeddsa.sign(identity.privateKey(), serialized, RANDOM)));
            return s;
        }

        ArrayNode oneTimeKeys(int count) {
            ArrayNode keys = FrameCodec.mapper().createArrayNode();
            for (int i = 0; i < count; i++) {
                keys.add(oneTimeKey(nextKeyId++));
            }
            return keys;
        }

        static ObjectNode oneTimeKey(int keyId) {
            ObjectNode k = FrameCodec.mapper().createObjectNode();
            k.put("keyId", keyId);
            k.put("publicKey", b64(KeyPair.generate(RANDOM).publicKey().serialize()));
            return k;
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    Account account() throws Exception {
        return api.account("k");
    }

    Device device(Account account) throws Exception {
        DeviceCreated created = api.device(account);
        return new Device(account, created.deviceId(), created.credential());
    }

    Device newDevice() throws Exception {
        return device(account());
    }

    Answer upload(Device device, Object body) throws Exception {
        return send("PUT", "/v1/keys", device.credential(), body.toString());
    }

    /** Uploads and insists on 200. */
    void published(Device device, ObjectNode body) throws Exception {
        Answer a = upload(device, body);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    Answer counts(Device device) throws Exception {
        return send("GET", "/v1/keys", device.credential(), null);
    }

    Answer bundles(Device requester, String userId) throws Exception {
        return send("GET", "/v1/keys/" + userId, requester.credential(), null);
    }

    Answer identities(Device requester, String userId) throws Exception {
        return send("GET", "/v1/identity-keys/" + userId, requester.credential(), null);
    }

    Answer bundle(Device requester, String userId, String deviceId) throws Exception {
        return send("GET", "/v1/keys/" + userId + "/" + deviceId, requester.credential(), null);
    }

    Answer send(String method, String path, String bearer, String json) throws Exception {
        return api.send(method, path, bearer, json);
    }
}
