package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.store.LocalStore;
import chat.model.api.AddDeviceRequest;
import chat.model.api.DeviceCreated;
import chat.model.api.RegisterAccountRequest;
import java.nio.file.Path;
import chat.e2ee.messaging.PreKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a device keeps published in the key directory, against the in-memory REST API and a real local store. */
class DeviceKeysTest {
    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private FakeChatServer chat;
    private FakeRestServer rest;
    private LocalStore store;
    private KeysApi api;
    private DeviceKeys keys;
    private String bearer;
    private String userId;

    @BeforeEach
    void setUp() throws Exception {
        chat = new FakeChatServer();
        rest = new FakeRestServer(chat);
        ChatHttpApi http = new ChatHttpApi(rest.uri());
        userId = http.register(new RegisterAccountRequest("keys_owner", "Owner", "pass-owner")).userId();
        DeviceCreated device = http.addDevice(new AddDeviceRequest("keys_owner", "pass-owner", "laptop"));
        bearer = http.token(device.credential()).token();
        store = LocalStore.open(dir);
        api = new KeysApi(http);
        keys = new DeviceKeys(store.e2ee(), api, new SecureRandom(), clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        rest.close();
        chat.close();
    }

    @Test
    void theFirstDeviceMakesTheIdentityAndPublishesASignedPrekeyAndAFullBatch() {
        assertThat(keys.ensurePublished(bearer, userId)).isEqualTo(DeviceKeys.Status.READY);
        assertThat(store.e2ee().hasIdentity()).isTrue();
        assertThat(api.counts(bearer).signedPreKeyId()).isEqualTo(1);
        assertThat(api.counts(bearer).oneTimePreKeys()).isEqualTo(DeviceKeys.TARGET);
    }

    @Test
    void theSignedPrekeyStaysUntilItIsAWeekOldThenANewOneReplacesIt() {
        keys.ensurePublished(bearer, userId);
        now.set(now.get().plus(DeviceKeys.ROTATE_SIGNED).minusSeconds(1));
        keys.ensurePublished(bearer, userId);
        assertThat(api.counts(bearer).signedPreKeyId()).isEqualTo(1);

        now.set(now.get().plusSeconds(1));
        keys.ensurePublished(bearer, userId);

        assertThat(api.counts(bearer).signedPreKeyId()).isEqualTo(2);
        assertThat(store.e2ee().latestSignedPreKey().orElseThrow().key().id()).isEqualTo(2);
        // a session-starting message built on the old one still opens for a while
        assertThat(store.e2ee().signedPreKey(1)).isPresent();
    }

    @Test
    void aReplacedSignedPrekeyIsForgottenThirtyDaysAfterItsSuccessorCame() {
        keys.ensurePublished(bearer, userId);
        now.set(now.get().plus(DeviceKeys.ROTATE_SIGNED)); // key 2
        keys.ensurePublished(bearer, userId);
        for (int i = 0; i < 5; i++) { // weekly rotations: keys 3..7
            now.set(now.get().plus(DeviceKeys.ROTATE_SIGNED));
            keys.ensurePublished(bearer, userId);
        }

        assertThat(store.e2ee().signedPreKey(1)).isEmpty(); // made 42 days before the newest
        assertThat(store.e2ee().signedPreKey(4)).isPresent(); // 21 days old
        assertThat(api.counts(bearer).signedPreKeyId()).isEqualTo(7);
    }

    @Test
    void aSignedPrekeyKeptHereButMissingFromTheDirectoryIsSentAgainUnchanged() {
        keys.ensurePublished(bearer, userId);
        // what a rotation whose upload answer was lost leaves behind: key 2 stored here, the directory still at 1
        PreKeys.Signed made = PreKeys.signed(store.e2ee().identityKeyPair(), 2, new SecureRandom());
        store.e2ee().addSignedPreKey(made, now.get().toEpochMilli());

        keys.ensurePublished(bearer, userId);

        assertThat(api.counts(bearer).signedPreKeyId()).isEqualTo(2);
        assertThat(store.e2ee().latestSignedPreKey().orElseThrow().key().keyPair().publicKey())
                .isEqualTo(made.keyPair().publicKey());
    }

    @Test
    void aCurrentDeviceWithEnoughPrekeysUploadsNothing() {
        keys.ensurePublished(bearer, userId);
        int before = api.counts(bearer).oneTimePreKeys();
        now.set(now.get().plus(Duration.ofDays(1)));

        assertThat(keys.ensurePublished(bearer, userId)).isEqualTo(DeviceKeys.Status.READY);

        assertThat(api.counts(bearer).oneTimePreKeys()).isEqualTo(before);
        assertThat(store.e2ee().lastOneTimePreKeyId()).isEqualTo(DeviceKeys.TARGET);
    }
}
