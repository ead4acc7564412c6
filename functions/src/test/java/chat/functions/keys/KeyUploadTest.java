package chat.functions.keys;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.curve.Xeddsa;
import chat.functions.support.ApiCalls.Answer;
import chat.functions.keys.KeyCalls.Device;
import chat.functions.keys.KeyCalls.DeviceKeys;
import chat.functions.lambda.LocalStackResource;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PUT /v1/keys and GET /v1/keys against the real functions and dynalite: what is stored and what is refused. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class KeyUploadTest {
    @TestHTTPResource("/")
    URI base;

    private KeyCalls calls;
    private Device device;
    private DeviceKeys keys;

    @BeforeEach
    void setUp() throws Exception {
        calls = new KeyCalls(base);
        device = calls.newDevice();
        keys = new DeviceKeys();
    }

    @Test
    void answersTheCountsOfWhatWasPublished() throws Exception {
        Answer a = calls.upload(device, keys.upload(7, 5));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("oneTimePreKeys").asInt()).isEqualTo(5);
        assertThat(a.json().get("signedPreKeyId").asInt()).isEqualTo(7);
        assertThat(a.json().get("suite").asText()).isEqualTo("signal-v3");
        assertThat(calls.counts(device).json()).isEqualTo(a.json());
    }

    @Test
    void countsNothingBeforeTheFirstUpload() throws Exception {
        Answer a = calls.counts(device);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("oneTimePreKeys").asInt()).isZero();
        assertThat(a.json().has("signedPreKeyId")).isFalse();
    }

    @Test
    void topsUpOneTimePreKeysWithoutASignedPreKey() throws Exception {
        calls.published(device, keys.upload(1, 3));
        ObjectNode topUp = keys.base();
        topUp.set("oneTimePreKeys", keys.oneTimeKeys(4));
        Answer a = calls.upload(device, topUp);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("oneTimePreKeys").asInt()).isEqualTo(7);
    }

    @Test
    void requiresASignedPreKeyOnTheFirstUpload() throws Exception {
        ObjectNode first = keys.base();
        first.set("oneTimePreKeys", keys.oneTimeKeys(2));
        assertRefused(calls.upload(device, first), 400, "MISSING_FIELD", "signedPreKey");
        assertNothingStored();
    }

    @Test
    void refusesASignatureByAnotherIdentityKeyAsBadSignature() throws Exception {
        ObjectNode u = keys.upload(1, 3);
        u.set("signedPreKey", new DeviceKeys().signedPreKey(1, KeyPair.generate(KeyCalls.RANDOM)));
        assertRefused(calls.upload(device, u), 400, "BAD_SIGNATURE", "signedPreKey.signature");
        assertNothingStored();
    }

    @Test
    void refusesATamperedSignatureAsBadSignature() throws Exception {
        ObjectNode u = keys.upload(1, 0);
        ObjectNode signed = (ObjectNode) u.get("signedPreKey");
        byte[] signature = Base64.getDecoder().decode(signed.get("signature").asText());
        signature[5] ^= 1;
        signed.put("signature", KeyCalls.b64(signature));
        assertRefused(calls.upload(device, u), 400, "BAD_SIGNATURE", "signedPreKey.signature");
    }

    @Test
    void refusesASignatureOfTheWrongLengthAsBadSignature() throws Exception {
        ObjectNode u = keys.upload(1, 0);
        ((ObjectNode) u.get("signedPreKey")).put("signature", KeyCalls.b64(new byte[63]));
        assertRefused(calls.upload(device, u), 400, "BAD_SIGNATURE", "signedPreKey.signature");
    }

    @Test
    void refusesAnIdentityKeyOfTheWrongLengthAsBadKey() throws Exception {
        ObjectNode u = keys.upload(1, 0);
        u.put("identityKey", KeyCalls.b64(keys.identity.publicKey().u()));
        assertRefused(calls.upload(device, u), 400, "BAD_KEY", "identityKey");
    }

    @Test
    void refusesAOneTimePreKeyWithAnotherTypeByteAsBadKey() throws Exception {
        ObjectNode u = keys.upload(1, 3);
        byte[] key = KeyPair.generate(KeyCalls.RANDOM).publicKey().serialize();
        key[0] = 0x06;
        ((ObjectNode) u.get("oneTimePreKeys").get(1)).put("publicKey", KeyCalls.b64(key));
        assertRefused(calls.upload(device, u), 400, "BAD_KEY", "oneTimePreKeys");
        assertNothingStored();
    }

    @Test
    void refusesASignedPreKeyOfTheWrongLengthAsBadKey() throws Exception {
        ObjectNode u = keys.upload(1, 0);
        byte[] longer = Arrays.copyOf(KeyPair.generate(KeyCalls.RANDOM).publicKey().serialize(), 34);
        ObjectNode signed = (ObjectNode) u.get("signedPreKey");
        signed.put("publicKey", KeyCalls.b64(longer));
        signed.put("signature", KeyCalls.b64(Xeddsa.sign(keys.identity.privateKey(), longer, KeyCalls.RANDOM)));
        assertRefused(calls.upload(device, u), 400, "BAD_KEY", "signedPreKey.publicKey");
    }

    @Test
    void refusesKeyBytesThatAreNotCanonicalBase64AsInvalidField() throws Exception {
        ObjectNode u = keys.upload(1, 0);
        ObjectNode signed = (ObjectNode) u.get("signedPreKey");
        String unpadded = signed.get("signature").asText().replace("=", "");
        assertThat(unpadded).isNotEqualTo(signed.get("signature").asText());
        signed.put("signature", unpadded);
        assertRefused(calls.upload(device, u), 400, "INVALID_FIELD", "signedPreKey.signature");
    }

    @Test
    void refusesAOneTimePreKeyIdThatIsStoredAsKeyIdReusedAndStoresNoneOfThatUpload() throws Exception {
        calls.published(device, keys.upload(1, 3));
        ObjectNode again = keys.base();
        ArrayNode batch = keys.oneTimeKeys(2);
        batch.add(DeviceKeys.oneTimeKey(2));
        again.set("oneTimePreKeys", batch);
        assertRefused(calls.upload(device, again), 409, "KEY_ID_REUSED", "2");
        assertThat(calls.counts(device).json().get("oneTimePreKeys").asInt()).isEqualTo(3);
    }

    @Test
    void refusesAnIdRepeatedWithinOneUploadAsKeyIdReused() throws Exception {
        ObjectNode u = keys.upload(1, 2);
        ((ArrayNode) u.get("oneTimePreKeys")).add(DeviceKeys.oneTimeKey(1));
        assertRefused(calls.upload(device, u), 409, "KEY_ID_REUSED", "1");
        assertNothingStored();
    }

    @Test
    void refusesAnotherIdentityKeyForThePublishedDeviceAsIdentityKeyChanged() throws Exception {
        calls.published(device, keys.upload(1, 1));
        DeviceKeys other = new DeviceKeys();
        assertRefused(calls.upload(device, other.upload(2, 1)), 409, "IDENTITY_KEY_CHANGED", "identity");
        Answer counts = calls.counts(device);
        assertThat(counts.json().get("signedPreKeyId").asInt()).isEqualTo(1);
        assertThat(counts.json().get("oneTimePreKeys").asInt()).isEqualTo(1);
    }

    @Test
    void refusesAnotherRegistrationIdForThePublishedDeviceAsIdentityKeyChanged() throws Exception {
        calls.published(device, keys.upload(1, 1));
        ObjectNode u = keys.upload(2, 0);
        u.put("registrationId", keys.registrationId % 16380 + 1);
        assertRefused(calls.upload(device, u), 409, "IDENTITY_KEY_CHANGED", "registration id");
    }

    @Test
    void rotatesTheSignedPreKeyToAFreshId() throws Exception {
        calls.published(device, keys.upload(1, 2));
        Answer a = calls.upload(device, keys.upload(2, 0));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("signedPreKeyId").asInt()).isEqualTo(2);
        assertThat(a.json().get("oneTimePreKeys").asInt()).isEqualTo(2);
    }

    @Test
    void refusesARotationToTheCurrentIdWithAnotherKeyAsKeyIdReused() throws Exception {
        calls.published(device, keys.upload(1, 0));
        assertRefused(calls.upload(device, keys.upload(1, 0)), 409, "KEY_ID_REUSED", "signedPreKey.keyId");
    }

    @Test
    void acceptsTheStoredSignedPreKeySentAgain() throws Exception {
        ObjectNode u = keys.upload(4, 1);
        calls.published(device, u);
        u.set("oneTimePreKeys", keys.oneTimeKeys(1));
        Answer a = calls.upload(device, u);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("oneTimePreKeys").asInt()).isEqualTo(2);
    }

    @Test
    void refusesKeysNamingAnotherDeviceOfTheSameUserAsForbidden() throws Exception {
        Device other = calls.device(device.account());
        ObjectNode u = keys.upload(1, 1);
        u.put("deviceId", other.deviceId());
        assertRefused(calls.upload(device, u), 403, "FORBIDDEN", "own");
        assertThat(calls.counts(other).json().get("oneTimePreKeys").asInt()).isZero();
        assertNothingStored();
    }

    @Test
    void refusesKeysNamingAnotherUserAsForbidden() throws Exception {
        Device other = calls.newDevice();
        ObjectNode u = keys.upload(1, 1);
        u.put("userId", other.userId());
        u.put("deviceId", other.deviceId());
        assertRefused(calls.upload(device, u), 403, "FORBIDDEN", "own");
        assertThat(calls.counts(other).json().get("oneTimePreKeys").asInt()).isZero();
    }

    @Test
    void acceptsItsOwnIdsNamedExplicitly() throws Exception {
        ObjectNode u = keys.upload(1, 1);
        u.put("userId", device.userId());
        u.put("deviceId", device.deviceId());
        assertThat(calls.upload(device, u).status()).isEqualTo(200);
    }

    @Test
    void refusesAnUnknownSuiteAsInvalidField() throws Exception {
        ObjectNode u = keys.upload(1, 1);
        u.put("suite", "pqxdh-v4");
        assertRefused(calls.upload(device, u), 400, "INVALID_FIELD", "suite");
        assertNothingStored();
    }

    @Test
    void refusesAMissingSuiteAsMissingField() throws Exception {
        ObjectNode u = keys.upload(1, 1);
        u.remove("suite");
        assertRefused(calls.upload(device, u), 400, "MISSING_FIELD", "suite");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "registrationId as a string | /registrationId | \"12\"       | registrationId",
            "registrationId as a float  | /registrationId | 12.0         | registrationId",
            "identityKey as a number    | /identityKey    | 5            | identityKey",
            "suite as a number          | /suite          | 3            | suite",
            "keyId as a string          | /signedPreKey/keyId | \"1\"    | signedPreKey.keyId",
            "a one-time keyId as a bool | /oneTimePreKeys/0/keyId | true | oneTimePreKeys[0].keyId",
            "oneTimePreKeys as object   | /oneTimePreKeys | {}           | oneTimePreKeys",
            "signedPreKey as a string   | /signedPreKey   | \"k\"        | signedPreKey"})
    void refusesAValueOfTheWrongJsonTypeAsInvalidField(String what, String pointer, String json, String field)
            throws Exception {
        ObjectNode u = keys.upload(1, 2);
        int cut = pointer.lastIndexOf('/');
        com.fasterxml.jackson.databind.JsonNode parent = cut == 0 ? u : u.at(pointer.substring(0, cut));
        String name = pointer.substring(cut + 1);
        com.fasterxml.jackson.databind.JsonNode value = chat.model.frames.FrameCodec.mapper().readTree(json);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(name), value);
        } else {
            ((ObjectNode) parent).set(name, value);
        }
        assertRefused(calls.upload(device, u), 400, "INVALID_FIELD", field);
        assertNothingStored();
    }

    @ParameterizedTest
    @CsvSource({"0", "16381", "-1"})
    void refusesARegistrationIdOutsideSignalsRangeAsInvalidField(int registrationId) throws Exception {
        ObjectNode u = keys.upload(1, 0);
        u.put("registrationId", registrationId);
        assertRefused(calls.upload(device, u), 400, "INVALID_FIELD", "registrationId");
    }

    @Test
    void refusesAKeyIdAbove24BitsAsInvalidField() throws Exception {
        ObjectNode u = keys.upload(1 << 24, 0);
        assertRefused(calls.upload(device, u), 400, "INVALID_FIELD", "keyId");
    }

    @Test
    void refusesMoreThanAHundredOneTimePreKeysInOneUploadAsInvalidField() throws Exception {
        assertRefused(calls.upload(device, keys.upload(1, 101)), 400, "INVALID_FIELD", "100");
        assertNothingStored();
    }

    @Test
    void refusesMoreThanAThousandStoredOneTimePreKeysAsPrekeyLimit() throws Exception {
        calls.published(device, keys.upload(1, 100));
        for (int i = 1; i < 10; i++) {
            ObjectNode topUp = keys.base();
            topUp.set("oneTimePreKeys", keys.oneTimeKeys(100));
            calls.published(device, topUp);
        }
        ObjectNode oneMore = keys.base();
        oneMore.set("oneTimePreKeys", keys.oneTimeKeys(1));
        assertRefused(calls.upload(device, oneMore), 409, "PREKEY_LIMIT", "1000");
        assertThat(calls.counts(device).json().get("oneTimePreKeys").asInt()).isEqualTo(1000);
    }

    @Test
    void ignoresAndStoresNoUnknownFieldSuchAsAPrivateKey() throws Exception {
        ObjectNode u = keys.upload(1, 1);
        String secret = KeyCalls.b64(keys.identity.privateKey().bytes());
        u.put("identityPrivateKey", secret);
        calls.published(device, u);
        Answer fetched = calls.bundles(calls.newDevice(), device.userId());
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body()).doesNotContain(secret).doesNotContain("PrivateKey");
    }

    @Test
    void refusesAnUploadWithoutCredentialsAsUnauthenticated() throws Exception {
        Answer a = calls.send("PUT", "/v1/keys", null, keys.upload(1, 1).toString());
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void refusesABodyThatIsNotAnObjectAsMalformedFrame() throws Exception {
        assertRefused(calls.upload(device, "[]"), 400, "MALFORMED_FRAME", "object");
    }

    private void assertRefused(Answer a, int status, String code, String messagePart) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.code()).as(a.body()).isEqualTo(code);
        assertThat(a.json().get("message").asText()).as(a.body()).contains(messagePart);
    }

    private void assertNothingStored() throws Exception {
        Answer counts = calls.counts(device);
        assertThat(counts.json().get("oneTimePreKeys").asInt()).as(counts.body()).isZero();
        assertThat(counts.json().has("signedPreKeyId")).as(counts.body()).isFalse();
    }
}
