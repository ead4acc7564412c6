package chat.functions.keys;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.support.ApiCalls.Answer;
import chat.functions.keys.KeyCalls.Device;
import chat.functions.keys.KeyCalls.DeviceKeys;
import chat.functions.lambda.LocalStackResource;
import chat.functions.store.DeviceKeysTable;
import chat.functions.store.OneTimePreKeysTable;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A device's keys go with it: on its removal and on its account's deletion, read back from the tables. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class KeyRemovalTest {
    @TestHTTPResource("/")
    URI base;

    @Inject
    DeviceKeysTable deviceKeys;

    @Inject
    OneTimePreKeysTable oneTimeKeys;

    private KeyCalls calls;

    @BeforeEach
    void setUp() {
        calls = new KeyCalls(base);
    }

    @Test
    void removingADeviceDeletesItsKeysAndItIsNoLongerListed() throws Exception {
        Device phone = calls.newDevice();
        Device laptop = calls.device(phone.account());
        calls.published(phone, new DeviceKeys().upload(1, 5));
        calls.published(laptop, new DeviceKeys().upload(1, 5));
        Answer removed = calls.send("DELETE", "/v1/devices/" + laptop.deviceId(), phone.credential(), null);
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(deviceKeys.get(laptop.userId(), laptop.deviceId())).isEmpty();
        assertThat(oneTimeKeys.storedIds(laptop.userId(), laptop.deviceId())).isEmpty();
        assertThat(oneTimeKeys.storedIds(phone.userId(), phone.deviceId())).hasSize(5);
        Answer bundles = calls.bundles(calls.newDevice(), phone.userId());
        assertThat(bundles.json().get("devices")).hasSize(1);
        assertThat(bundles.json().get("devices").get(0).get("deviceId").asText()).isEqualTo(phone.deviceId());
    }

    @Test
    void deletingTheAccountDeletesTheKeysOfEveryDevice() throws Exception {
        Device phone = calls.newDevice();
        Device laptop = calls.device(phone.account());
        calls.published(phone, new DeviceKeys().upload(1, 3));
        calls.published(laptop, new DeviceKeys().upload(1, 3));
        Answer deleted = calls.send("DELETE", "/v1/account", phone.credential(),
                "{\"password\":\"" + phone.account().password() + "\"}");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        for (Device d : new Device[] {phone, laptop}) {
            assertThat(deviceKeys.get(d.userId(), d.deviceId())).isEmpty();
            assertThat(oneTimeKeys.storedIds(d.userId(), d.deviceId())).isEmpty();
        }
        Answer bundles = calls.bundles(calls.newDevice(), phone.userId());
        assertThat(bundles.status()).isEqualTo(404);
        assertThat(bundles.code()).isEqualTo("USER_NOT_FOUND");
    }

    @Test
    void aRemovedDevicesTokenCanPublishNothing() throws Exception {
        Device phone = calls.newDevice();
        Device laptop = calls.device(phone.account());
        calls.send("DELETE", "/v1/devices/" + laptop.deviceId(), phone.credential(), null);
        Answer a = calls.upload(laptop, new DeviceKeys().upload(1, 1));
        assertThat(a.status()).isEqualTo(401);
        assertThat(deviceKeys.get(laptop.userId(), laptop.deviceId())).isEmpty();
    }
}
