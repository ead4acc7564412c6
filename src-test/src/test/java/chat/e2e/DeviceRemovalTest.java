package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import chat.client.ChatApiException;
import chat.client.ChatConnectException;
import chat.client.ChatConnection;
import chat.client.FrameRecorder;
import chat.client.ChatHttpApi;
import chat.client.CloseInfo;
import chat.client.ConnectionClosedException;
import chat.model.CloseCodes;
import chat.model.ErrorCode;
import chat.model.api.DeviceView;
import chat.system.ChatSystem;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Listing and removing devices, and logging out: what stops working, and what a stranger learns (nothing). */
@ExtendWith(SharedSystem.class)
class DeviceRemovalTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private ChatSystem system;
    private TestUsers users;
    private ChatHttpApi api;

    @BeforeEach
    void setUp(ChatSystem system) {
        this.system = system;
        this.users = new TestUsers(system);
        this.api = users.api();
    }

    @Test
    void aDeviceListsTheAccountsDevicesAndMarksItself(ChatSystem system) {
        TestUsers.User alice = users.register("alice");
        TestUsers.Device laptop = users.addDevice(alice.handle(), "laptop");

        var devices = api.devices(token(laptop)).devices();

        assertThat(devices).extracting(DeviceView::deviceId)
                .containsExactly(alice.device().deviceId(), laptop.deviceId());
        assertThat(devices).extracting(DeviceView::name).containsExactly("first", "laptop");
        assertThat(devices).extracting(DeviceView::current).containsExactly(false, true);
    }

    @Test
    void aRemovedDevicesOpenConnectionClosesWith4003AndItsCredentialAndTokenStopWorking() throws Exception {
        TestUsers.User alice = users.register("alice");
        TestUsers.Device laptop = users.addDevice(alice.handle(), "laptop");
        String laptopToken = token(laptop);
        ChatConnection open = FrameRecorder.open(system.ws(), laptopToken, TIMEOUT).get(10, TimeUnit.SECONDS);
        open.hello().get(10, TimeUnit.SECONDS);

        api.removeDevice(token(alice.device()), laptop.deviceId());

        CloseInfo closed = open.closed().get(10, TimeUnit.SECONDS);
        assertThat(closed.code()).isEqualTo(CloseCodes.DEVICE_REMOVED);
        assertThat(closed.byServer()).isTrue();
        assertThat(refusal(() -> api.token(laptop.credential())).httpStatus()).isEqualTo(401);
        // The credential is checked by the functions at the upgrade: refused outright.
        Throwable upgrade = catchThrowable(() -> FrameRecorder.open(system.ws(), laptop.credential(), TIMEOUT)
                .get(10, TimeUnit.SECONDS));
        assertThat(upgrade.getCause()).isInstanceOf(ChatConnectException.class);
        assertThat(((ChatConnectException) upgrade.getCause()).httpStatus()).isEqualTo(401);
        // The still-unexpired token passes the broker's signature check but cannot register: closed before hello.
        ChatConnection again = FrameRecorder.open(system.ws(), laptopToken, TIMEOUT).get(10, TimeUnit.SECONDS);
        assertThat(again.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.DEVICE_REMOVED);
        assertThat(catchThrowable(() -> again.hello().get(10, TimeUnit.SECONDS)))
                .hasCauseInstanceOf(ConnectionClosedException.class);
        // Nor does the token work on the HTTP API.
        assertThat(refusal(() -> api.devices(laptopToken)).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        // The other device is untouched.
        assertThat(api.devices(token(alice.device())).devices()).extracting(DeviceView::deviceId)
                .containsExactly(alice.device().deviceId());
    }

    @Test
    void removingAnotherUsersDeviceAnswersExactlyLikeAnUnknownDevice() throws Exception {
        TestUsers.User bob = users.register("bob");
        TestUsers.User mallory = users.register("mallory");
        String malloryToken = token(mallory.device());

        ChatApiException others = refusal(() -> api.removeDevice(malloryToken, bob.device().deviceId()));
        ChatApiException unknown = refusal(() -> api.removeDevice(malloryToken, "d" + "z".repeat(16)));
        ChatApiException malformed = refusal(() -> api.removeDevice(malloryToken, "not-a-device"));

        assertThat(others.code()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
        assertThat(others.httpStatus()).isEqualTo(404);
        for (ChatApiException same : new ChatApiException[] {unknown, malformed}) {
            assertThat(same.code()).isEqualTo(others.code());
            assertThat(same.httpStatus()).isEqualTo(others.httpStatus());
            assertThat(same.getMessage()).isEqualTo(others.getMessage());
        }
        try (ChatConnection stillThere = users.connect(bob)) {
            assertThat(stillThere.isOpen()).isTrue();
        }
    }

    @Test
    void removingADeviceAgainAnswersDeviceNotFound() {
        TestUsers.User alice = users.register("alice");
        TestUsers.Device laptop = users.addDevice(alice.handle(), "laptop");
        String token = token(alice.device());
        api.removeDevice(token, laptop.deviceId());

        assertThat(refusal(() -> api.removeDevice(token, laptop.deviceId())).code())
                .isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
    }

    @Test
    void loggingOutRemovesTheCallingDeviceItself() throws Exception {
        TestUsers.User alice = users.register("alice");
        ChatConnection open = users.connect(alice);

        api.removeDevice(token(alice.device()), alice.device().deviceId());

        assertThat(open.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.DEVICE_REMOVED);
        assertThat(refusal(() -> api.token(alice.device().credential())).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void aRemovedDevicesSlotIsFreeForANewDevice() {
        TestUsers.User carol = users.register("carol");
        TestUsers.Device fifth = null;
        for (int i = 2; i <= 5; i++) {
            fifth = users.addDevice(carol.handle(), "device-" + i);
        }
        assertThat(refusal(() -> users.addDevice(carol.handle(), "sixth")).code()).isEqualTo(ErrorCode.DEVICE_LIMIT);

        api.removeDevice(token(carol.device()), fifth.deviceId());

        assertThat(users.addDevice(carol.handle(), "sixth").deviceId()).isNotEqualTo(fifth.deviceId());
    }

    @Test
    void withoutATokenNoDeviceCallIsAnswered() {
        TestUsers.User alice = users.register("alice");
        assertThat(refusal(() -> api.devices(null)).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(refusal(() -> api.removeDevice("garbage", alice.device().deviceId())).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(api.devices(token(alice.device())).devices()).hasSize(1);
    }

    private String token(TestUsers.Device device) {
        return api.token(device.credential()).token();
    }

    static ChatApiException refusal(Runnable call) {
        Throwable t = catchThrowable(call::run);
        if (t instanceof ExecutionException e) {
            t = e.getCause();
        }
        assertThat(t).isInstanceOf(ChatApiException.class);
        return (ChatApiException) t;
    }
}
