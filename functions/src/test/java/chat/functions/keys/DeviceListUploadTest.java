package chat.functions.keys;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.KeyPair;
import chat.e2ee.linking.DeviceList;
import chat.e2ee.linking.SignedDeviceList;
import chat.functions.support.ApiCalls.Answer;
import chat.functions.keys.KeyCalls.Device;
import chat.functions.keys.KeyCalls.DeviceKeys;
import chat.functions.lambda.LocalStackResource;
import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PUT /v1/device-list against the real functions and dynalite, read back with GET /v1/identity-keys. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class DeviceListUploadTest {
    @TestHTTPResource("/")
    URI base;

    private KeyCalls calls;
    private Device phone;
    private DeviceKeys keys;

    @BeforeEach
    void setUp() throws Exception {
        calls = new KeyCalls(base);
        phone = calls.newDevice();
        keys = new DeviceKeys();
        calls.published(phone, keys.upload(1, 1));
    }

    @Test
    void aListSignedByTheAccountIdentityIsServedToEveryReaderAsUploaded() throws Exception {
        byte[] signed = sign(list(1, phone.deviceId()), keys.identity);
        Answer a = put(phone, signed);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().get("version").asLong()).isEqualTo(1);
        Answer read = calls.identities(calls.newDevice(), phone.userId());
        assertThat(Base64.getDecoder().decode(read.json().get("deviceList").asText())).isEqualTo(signed);
    }

    @Test
    void aUserWithoutAListIsListedWithoutOne() throws Exception {
        Answer read = calls.identities(calls.newDevice(), phone.userId());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().has("deviceList") && !read.json().get("deviceList").isNull()).isFalse();
    }

    @Test
    void aNewerVersionReplacesTheListAndAnOlderOrEqualOneIsStale() throws Exception {
        assertThat(put(phone, sign(list(2, phone.deviceId()), keys.identity)).status()).isEqualTo(200);
        Answer same = put(phone, sign(list(2, phone.deviceId(), "d_other"), keys.identity));
        assertRefused(same, 409, "DEVICE_LIST_STALE");
        assertRefused(put(phone, sign(list(1, phone.deviceId()), keys.identity)), 409, "DEVICE_LIST_STALE");
        byte[] newer = sign(list(3, phone.deviceId()), keys.identity);
        assertThat(put(phone, newer).status()).isEqualTo(200);
        Answer read = calls.identities(calls.newDevice(), phone.userId());
        assertThat(Base64.getDecoder().decode(read.json().get("deviceList").asText())).isEqualTo(newer);
    }

    @Test
    void aListSignedByAnotherKeyIsRefusedAsBadSignature() throws Exception {
        assertRefused(put(phone, sign(list(1, phone.deviceId()), KeyPair.generate(KeyCalls.RANDOM))), 400,
                "BAD_SIGNATURE");
        assertThat(calls.identities(calls.newDevice(), phone.userId()).json().path("deviceList").isTextual())
                .isFalse();
    }

    @Test
    void anotherUsersListIsRefusedAsForbidden() throws Exception {
        Device other = calls.newDevice();
        byte[] signed = SignedDeviceList.sign(new DeviceList(other.userId(), 1, Set.of(phone.deviceId()), 1),
                keys.identity.privateKey(), KeyCalls.RANDOM).serialize();
        assertRefused(put(phone, signed), 403, "FORBIDDEN");
    }

    @Test
    void aDeviceWithoutPublishedKeysCannotPublishAList() throws Exception {
        Device laptop = calls.device(phone.account());
        assertRefused(put(laptop, sign(list(1, laptop.deviceId()), keys.identity)), 403, "FORBIDDEN");
    }

    @Test
    void moreDevicesThanAnAccountMayHaveAreRefused() throws Exception {
        assertRefused(put(phone, sign(list(1, "d1", "d2", "d3", "d4", "d5", "d6"), keys.identity)), 400,
                "INVALID_FIELD");
    }

    @Test
    void bytesThatAreNoSignedListAreRefusedAsInvalidField() throws Exception {
        assertRefused(put(phone, new byte[] {1, 2, 3}), 400, "INVALID_FIELD");
        ObjectNode body = FrameCodec.mapper().createObjectNode().put("suite", "signal-v3").put("signedList", 7);
        assertRefused(calls.send("PUT", "/v1/device-list", phone.credential(), body.toString()), 400,
                "INVALID_FIELD");
        ObjectNode noList = FrameCodec.mapper().createObjectNode().put("suite", "signal-v3");
        assertRefused(calls.send("PUT", "/v1/device-list", phone.credential(), noList.toString()), 400,
                "MISSING_FIELD");
        ObjectNode huge = FrameCodec.mapper().createObjectNode().put("suite", "signal-v3")
                .put("signedList", Base64.getEncoder().encodeToString(new byte[4096]));
        assertRefused(calls.send("PUT", "/v1/device-list", phone.credential(), huge.toString()), 400,
                "INVALID_FIELD");
    }

    @Test
    void aCallWithoutABearerIsUnauthenticated() throws Exception {
        assertRefused(calls.send("PUT", "/v1/device-list", null, body(new byte[] {1})), 401, "UNAUTHENTICATED");
    }

    private DeviceList list(long version, String... deviceIds) {
        return new DeviceList(phone.userId(), version, Set.of(deviceIds), 1_000L * version);
    }

    private static byte[] sign(DeviceList list, KeyPair identity) {
        return SignedDeviceList.sign(list, identity.privateKey(), KeyCalls.RANDOM).serialize();
    }

    private Answer put(Device device, byte[] signedList) throws Exception {
        return calls.send("PUT", "/v1/device-list", device.credential(), body(signedList));
    }

    private static String body(byte[] signedList) {
        return FrameCodec.mapper().createObjectNode().put("suite", "signal-v3")
                .put("signedList", Base64.getEncoder().encodeToString(signedList)).toString();
    }

    private static void assertRefused(Answer a, int status, String code) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.code()).as(a.body()).isEqualTo(code);
    }
}
