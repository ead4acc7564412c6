package chat.functions.keys;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2ee.curve.PublicKey;
import chat.e2ee.curve.Xeddsa;
import chat.functions.support.ApiCalls.Answer;
import chat.functions.keys.KeyCalls.Device;
import chat.functions.keys.KeyCalls.DeviceKeys;
import chat.functions.lambda.LocalStackResource;
import chat.model.Ids;
import chat.model.frames.FrameCodec;
import chat.model.keys.KeyBundles;
import chat.model.keys.PreKeyBundle;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /v1/keys/{userId}[/{deviceId}] against the real functions and dynalite. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class KeyFetchTest {
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
    void answersABundleForEveryPublishedDeviceOfTheUserWhoseSignatureVerifies() throws Exception {
        Device phone = calls.newDevice();
        Device laptop = calls.device(phone.account());
        DeviceKeys phoneKeys = new DeviceKeys();
        calls.published(phone, phoneKeys.upload(1, 2));
        calls.published(laptop, new DeviceKeys().upload(1, 2));
        KeyBundles bundles = read(calls.bundles(requester, phone.userId()), KeyBundles.class);
        assertThat(bundles.userId()).isEqualTo(phone.userId());
        assertThat(bundles.devices()).extracting(PreKeyBundle::deviceId)
                .containsExactly(phone.deviceId(), laptop.deviceId());
        PreKeyBundle b = bundles.devices().get(0);
        assertThat(b.identityKeyBytes()).isEqualTo(phoneKeys.identity.publicKey().serialize());
        assertThat(b.registrationId()).isEqualTo(phoneKeys.registrationId);
        assertThat(b.oneTimePreKey()).isNotNull();
        assertThat(b.lastResort()).isFalse();
        assertThat(Xeddsa.verify(PublicKey.decode(b.identityKeyBytes()), b.signedPreKey().publicKeyBytes(),
                b.signedPreKey().signatureBytes())).isTrue();
    }

    @Test
    void handsOutOneTimePreKeysLowestIdFirstEachOnceThenTheLastResort() throws Exception {
        Device target = calls.newDevice();
        calls.published(target, new DeviceKeys().upload(1, 3));
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(only(calls.bundles(requester, target.userId())).oneTimePreKey().keyId());
        }
        assertThat(ids).containsExactly(1, 2, 3);
        assertThat(calls.counts(target).json().get("oneTimePreKeys").asInt()).isZero();
    }

    @Test
    void answersTheSignedPreKeyAloneMarkedLastResortWhenNoOneTimePreKeyIsLeft() throws Exception {
        Device target = calls.newDevice();
        calls.published(target, new DeviceKeys().upload(9, 0));
        Answer a = calls.bundles(requester, target.userId());
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        PreKeyBundle b = only(a);
        assertThat(b.lastResort()).isTrue();
        assertThat(b.oneTimePreKey()).isNull();
        assertThat(a.json().get("devices").get(0).has("oneTimePreKey")).isFalse();
        assertThat(b.signedPreKey().keyId()).isEqualTo(9);
    }

    @Test
    void neverHandsOutOneOneTimePreKeyTwiceToManyParallelFetches() throws Exception {
        Device target = calls.newDevice();
        DeviceKeys keys = new DeviceKeys();
        calls.published(target, keys.upload(1, 40));
        List<Device> requesters = List.of(requester, calls.newDevice(), calls.newDevice());
        int fetches = 60;
        ExecutorService pool = Executors.newFixedThreadPool(fetches);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Answer>> running = new ArrayList<>();
            for (int i = 0; i < fetches; i++) {
                Device by = requesters.get(i % requesters.size());
                running.add(pool.submit(() -> {
                    start.await();
                    return calls.bundles(by, target.userId());
                }));
            }
            start.countDown();
            List<Integer> handedOut = new ArrayList<>();
            int lastResort = 0;
            for (Future<Answer> f : running) {
                Answer a = f.get(120, TimeUnit.SECONDS);
                assertThat(a.status()).as(a.body()).isEqualTo(200);
                PreKeyBundle b = only(a);
                if (b.lastResort()) {
                    lastResort++;
                } else {
                    handedOut.add(b.oneTimePreKey().keyId());
                }
            }
            assertThat(handedOut).doesNotHaveDuplicates().hasSize(40);
            assertThat(new HashSet<>(handedOut)).isEqualTo(idsFrom1To(40));
            assertThat(lastResort).isEqualTo(fetches - 40);
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls.counts(target).json().get("oneTimePreKeys").asInt()).isZero();
    }

    @Test
    void handsOutTheKeysThatWereUploaded() throws Exception {
        Device target = calls.newDevice();
        DeviceKeys keys = new DeviceKeys();
        var upload = keys.upload(1, 1);
        calls.published(target, upload);
        PreKeyBundle b = only(calls.bundles(requester, target.userId()));
        assertThat(b.oneTimePreKey().publicKey()).isEqualTo(upload.get("oneTimePreKeys").get(0).get("publicKey")
                .asText());
        assertThat(b.signedPreKey().publicKey()).isEqualTo(upload.get("signedPreKey").get("publicKey").asText());
        assertThat(b.signedPreKey().signature()).isEqualTo(upload.get("signedPreKey").get("signature").asText());
    }

    @Test
    void leavesOutDevicesThatPublishedNothing() throws Exception {
        Device target = calls.newDevice();
        calls.device(target.account());
        calls.published(target, new DeviceKeys().upload(1, 1));
        assertThat(read(calls.bundles(requester, target.userId()), KeyBundles.class).devices())
                .extracting(PreKeyBundle::deviceId).containsExactly(target.deviceId());
    }

    @Test
    void answersAnEmptyListForAUserWhoseDevicesPublishedNothing() throws Exception {
        Device target = calls.newDevice();
        Answer a = calls.bundles(requester, target.userId());
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(read(a, KeyBundles.class).devices()).isEmpty();
    }

    @Test
    void leavesOutTheRequestingDeviceItselfFromItsOwnUsersBundles() throws Exception {
        Device other = calls.device(requester.account());
        calls.published(requester, new DeviceKeys().upload(1, 1));
        calls.published(other, new DeviceKeys().upload(1, 1));
        assertThat(read(calls.bundles(requester, requester.userId()), KeyBundles.class).devices())
                .extracting(PreKeyBundle::deviceId).containsExactly(other.deviceId());
        assertThat(calls.counts(requester).json().get("oneTimePreKeys").asInt()).isEqualTo(1);
    }

    @Test
    void refusesAUserIdThatNamesNobodyAsUserNotFound() throws Exception {
        Answer a = calls.bundles(requester, Ids.newUserId());
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.code()).isEqualTo("USER_NOT_FOUND");
    }

    @Test
    void refusesAMalformedUserIdAsInvalidField() throws Exception {
        Answer a = calls.bundles(requester, "bob");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void answersOneDevicesBundle() throws Exception {
        Device phone = calls.newDevice();
        Device laptop = calls.device(phone.account());
        calls.published(phone, new DeviceKeys().upload(1, 1));
        calls.published(laptop, new DeviceKeys().upload(1, 1));
        Answer a = calls.bundle(requester, laptop.userId(), laptop.deviceId());
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(read(a, PreKeyBundle.class).deviceId()).isEqualTo(laptop.deviceId());
        assertThat(calls.counts(phone).json().get("oneTimePreKeys").asInt()).isEqualTo(1);
        assertThat(calls.counts(laptop).json().get("oneTimePreKeys").asInt()).isZero();
    }

    @Test
    void refusesOneDeviceWithoutPublishedKeysAsDeviceNotFound() throws Exception {
        Device target = calls.newDevice();
        Answer a = calls.bundle(requester, target.userId(), target.deviceId());
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.code()).isEqualTo("DEVICE_NOT_FOUND");
    }

    @Test
    void refusesADeviceOfAnotherUserNamedUnderThisUserAsDeviceNotFound() throws Exception {
        Device target = calls.newDevice();
        Device stranger = calls.newDevice();
        calls.published(stranger, new DeviceKeys().upload(1, 1));
        Answer a = calls.bundle(requester, target.userId(), stranger.deviceId());
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.code()).isEqualTo("DEVICE_NOT_FOUND");
        assertThat(calls.counts(stranger).json().get("oneTimePreKeys").asInt()).isEqualTo(1);
    }

    @Test
    void refusesAFetchWithoutCredentialsAsUnauthenticated() throws Exception {
        Device target = calls.newDevice();
        Answer a = calls.send("GET", "/v1/keys/" + target.userId(), null, null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.code()).isEqualTo("UNAUTHENTICATED");
    }

    private static Set<Integer> idsFrom1To(int n) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 1; i <= n; i++) {
            ids.add(i);
        }
        return ids;
    }

    private static PreKeyBundle only(Answer a) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        List<PreKeyBundle> devices = read(a, KeyBundles.class).devices();
        assertThat(devices).hasSize(1);
        return devices.get(0);
    }

    private static <T> T read(Answer a, Class<T> type) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return FrameCodec.mapper().readValue(a.body(), type);
    }

    static byte[] bytes(String b64) {
        return Base64.getDecoder().decode(b64);
    }
}
