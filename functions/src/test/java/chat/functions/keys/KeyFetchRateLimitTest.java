package chat.functions.keys;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.support.ApiCalls.Answer;
import chat.functions.keys.KeyCalls.Device;
import chat.functions.keys.KeyCalls.DeviceKeys;
import chat.functions.lambda.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bundle fetches are counted per requesting device: over the limit, 429 RATE_LIMITED, and no key handed out. */
@QuarkusTest
@TestProfile(KeyFetchRateLimitTest.ThreeFetchesAnHour.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class KeyFetchRateLimitTest {
    @TestHTTPResource("/")
    URI base;

    public static class ThreeFetchesAnHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.keys.fetches-per-window", "3", "chat.keys.fetch-window", "PT1H");
        }
    }

    @Test
    void refusesTheFetchOverTheDevicesLimitWithRetryAfterAndHandsOutNothing() throws Exception {
        KeyCalls calls = new KeyCalls(base);
        Device target = calls.newDevice();
        calls.published(target, new DeviceKeys().upload(1, 10));
        Device requester = calls.newDevice();
        for (int i = 0; i < 3; i++) {
            assertThat(calls.bundles(requester, target.userId()).status()).isEqualTo(200);
        }
        Answer refused = calls.bundle(requester, target.userId(), target.deviceId());
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.json().get("retryable").asBoolean()).isTrue();
        assertThat(refused.json().get("retryAfterMs").asLong()).isPositive().isLessThanOrEqualTo(3_600_000);
        assertThat(calls.counts(target).json().get("oneTimePreKeys").asInt()).isEqualTo(7);
    }

    @Test
    void countsEachRequestingDeviceApart() throws Exception {
        KeyCalls calls = new KeyCalls(base);
        Device target = calls.newDevice();
        calls.published(target, new DeviceKeys().upload(1, 10));
        Device first = calls.newDevice();
        for (int i = 0; i < 3; i++) {
            calls.bundles(first, target.userId());
        }
        assertThat(calls.bundles(first, target.userId()).status()).isEqualTo(429);
        assertThat(calls.bundles(calls.newDevice(), target.userId()).status()).isEqualTo(200);
    }

    @Test
    void listsIdentitiesWithoutCountingThemAgainstTheFetchRate() throws Exception {
        KeyCalls calls = new KeyCalls(base);
        Device target = calls.newDevice();
        calls.published(target, new DeviceKeys().upload(1, 10));
        Device requester = calls.newDevice();
        for (int i = 0; i < 5; i++) {
            assertThat(calls.identities(requester, target.userId()).status()).isEqualTo(200);
        }
        assertThat(calls.bundles(requester, target.userId()).status()).isEqualTo(200);
    }
}
