package chat.functions.keys;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.support.ApiCalls.Answer;
import chat.functions.keys.KeyCalls.Device;
import chat.functions.keys.KeyCalls.DeviceKeys;
import chat.functions.lambda.LocalStackResource;
import chat.model.Ids;
import chat.model.frames.FrameCodec;
import chat.model.keys.DeviceIdentityKey;
import chat.model.keys.IdentityKeys;
import chat.model.keys.KeySuite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /v1/identity-keys/{userId} against the real functions and dynalite: devices listed, nothing handed out. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class IdentityKeysTest {
    @TestHTTPResource("/")
    URI base;

    private KeyCalls calls;
    private Device requester;

    @BeforeEach
    void setUp() throws Exception {
        calls = new KeyCalls(base);
        requester = calls.newDevice();
    }

    @Test
    void listsEveryPublishedDeviceOfTheUserWithItsIdentityOldestFirst() throws Exception {
        Device phone = calls.newDevice();
        Device laptop = calls.device(phone.account());
        calls.device(phone.account()); // published nothing: left out
        DeviceKeys phoneKeys = new DeviceKeys();
        DeviceKeys laptopKeys = new DeviceKeys();
        calls.published(phone, phoneKeys.upload(1, 2));
        calls.published(laptop, laptopKeys.upload(1, 2));
        IdentityKeys listed = read(calls.identities(requester, phone.userId()));
        assertThat(listed.userId()).isEqualTo(phone.userId());
        assertThat(listed.devices()).extracting(DeviceIdentityKey::deviceId)
                .containsExactly(phone.deviceId(), laptop.deviceId());
        DeviceIdentityKey first = listed.devices().get(0);
        assertThat(first.suite()).isEqualTo(KeySuite.SIGNAL_V3);
        assertThat(first.registrationId()).isEqualTo(phoneKeys.registrationId);
        assertThat(first.identityKeyBytes()).isEqualTo(phoneKeys.identity.publicKey().serialize());
        assertThat(listed.devices().get(1).identityKeyBytes())
                .isEqualTo(laptopKeys.identity.publicKey().serialize());
    }

    @Test
    void handsOutNoPreKeyAndCarriesNone() throws Exception {
        Device target = calls.newDevice();
        calls.published(target, new DeviceKeys().upload(1, 2));
        Answer a = calls.identities(requester, target.userId());
        calls.identities(requester, target.userId());
        assertThat(a.json().get("devices").get(0).has("oneTimePreKey")).isFalse();
        assertThat(a.json().get("devices").get(0).has("signedPreKey")).isFalse();
        assertThat(calls.counts(target).json().get("oneTimePreKeys").asInt()).isEqualTo(2);
    }

    @Test
    void leavesOutTheRequestingDeviceItself() throws Exception {
        Device other = calls.device(requester.account());
        calls.published(requester, new DeviceKeys().upload(1, 1));
        calls.published(other, new DeviceKeys().upload(1, 1));
        assertThat(read(calls.identities(requester, requester.userId())).devices())
                .extracting(DeviceIdentityKey::deviceId).containsExactly(other.deviceId());
    }

    @Test
    void answersAnEmptyListForAUserWhoseDevicesPublishedNothing() throws Exception {
        Answer a = calls.identities(requester, calls.newDevice().userId());
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(read(a).devices()).isEmpty();
    }

    @Test
    void refusesAUserIdThatNamesNobodyAsUserNotFound() throws Exception {
        Answer a = calls.identities(requester, Ids.newUserId());
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.code()).isEqualTo("USER_NOT_FOUND");
    }

    @Test
    void refusesAMalformedUserIdAsInvalidField() throws Exception {
        Answer a = calls.identities(requester, "bob");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void refusesACallWithoutABearerAsUnauthenticated() throws Exception {
        Answer a = calls.send("GET", "/v1/identity-keys/" + requester.userId(), null, null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.code()).isEqualTo("UNAUTHENTICATED");
    }

    private static IdentityKeys read(Answer a) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return FrameCodec.mapper().readValue(a.body(), IdentityKeys.class);
    }
}
