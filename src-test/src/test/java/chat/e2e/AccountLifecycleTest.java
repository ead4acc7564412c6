package chat.e2e;

import static chat.e2e.DeviceRemovalTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.client.ChatHttpApi;
import chat.model.CloseCodes;
import chat.model.ErrorCode;
import chat.model.api.AddDeviceRequest;
import chat.model.api.ChangePasswordRequest;
import chat.model.api.DeleteAccountRequest;
import chat.model.api.DeviceView;
import chat.model.api.PasswordChanged;
import chat.model.api.RegisterAccountRequest;
import chat.model.frames.MemberListFrame;
import chat.model.frames.MemberView;
import chat.model.frames.MembersFrame;
import chat.model.frames.SendFrame;
import chat.system.ChatSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Changing the password and deleting the account, with their bad inputs. */
@ExtendWith(SharedSystem.class)
class AccountLifecycleTest {
    private static final String NEW_PASSWORD = "a much better password";
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
    void aChangedPasswordLogsInAndTheOldOneNoLongerDoes() {
        TestUsers.User alice = users.register("alice");

        PasswordChanged changed = api.changePassword(token(alice.device()),
                new ChangePasswordRequest(TestUsers.PASSWORD, NEW_PASSWORD, false));

        assertThat(changed.revokedDeviceIds()).isEmpty();
        assertThat(api.addDevice(new AddDeviceRequest(alice.handle(), NEW_PASSWORD, "laptop")).userId())
                .isEqualTo(alice.userId());
        assertThat(refusal(() -> users.addDevice(alice.handle(), "old password")).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
        // The device that changed it keeps working.
        assertThat(api.token(alice.device().credential()).userId()).isEqualTo(alice.userId());
    }

    @Test
    void aPasswordChangeWithTheWrongCurrentPasswordIsRefusedAndChangesNothing() {
        TestUsers.User alice = users.register("alice");

        var refused = refusal(() -> api.changePassword(token(alice.device()),
                new ChangePasswordRequest("not the password", NEW_PASSWORD, true)));

        assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(refused.httpStatus()).isEqualTo(401);
        assertThat(users.addDevice(alice.handle(), "still the old one").userId()).isEqualTo(alice.userId());
    }

    @Test
    void aPasswordChangeThatRevokesOtherDevicesClosesThemAndKeepsTheCaller() throws Exception {
        TestUsers.User alice = users.register("alice");
        TestUsers.Device laptop = users.addDevice(alice.handle(), "laptop");
        ChatConnection laptopConnection = users.connect(laptop);

        PasswordChanged changed = api.changePassword(token(alice.device()),
                new ChangePasswordRequest(TestUsers.PASSWORD, NEW_PASSWORD, true));

        assertThat(changed.revokedDeviceIds()).containsExactly(laptop.deviceId());
        assertThat(laptopConnection.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.DEVICE_REMOVED);
        assertThat(refusal(() -> api.token(laptop.credential())).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(api.devices(token(alice.device())).devices()).extracting(DeviceView::deviceId)
                .containsExactly(alice.device().deviceId());
    }

    @Test
    void aNewPasswordOutsideEightTo128CharactersIsInvalid() {
        TestUsers.User alice = users.register("alice");
        var response = raw("POST", "/v1/account/password", token(alice.device()),
                "{\"currentPassword\":\"" + TestUsers.PASSWORD + "\",\"newPassword\":\"short\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("INVALID_FIELD").contains("newPassword");
    }

    @Test
    void wrongJsonTypesInAccountRequestsAreInvalidFieldsNamedInTheAnswer() {
        TestUsers.User alice = users.register("alice");
        String token = token(alice.device());
        String[][] cases = {
                {"/v1/account/password", "{\"currentPassword\":12345678,\"newPassword\":\"" + NEW_PASSWORD + "\"}",
                        "currentPassword"},
                {"/v1/account/password", "{\"currentPassword\":\"" + TestUsers.PASSWORD + "\",\"newPassword\":\""
                        + NEW_PASSWORD + "\",\"revokeOtherDevices\":\"yes\"}", "revokeOtherDevices"},
                {"/v1/account/password", "{\"currentPassword\":\"" + TestUsers.PASSWORD + "\",\"newPassword\":"
                        + "[\"x\"]}", "newPassword"}};
        for (String[] c : cases) {
            var response = raw("POST", c[0], token, c[1]);
            assertThat(response.statusCode()).as(c[1]).isEqualTo(400);
            assertThat(response.body()).as(c[1]).contains("INVALID_FIELD").contains(c[2]);
        }
        var delete = raw("DELETE", "/v1/account", token, "{\"password\":true}");
        assertThat(delete.statusCode()).isEqualTo(400);
        assertThat(delete.body()).contains("INVALID_FIELD").contains("password");
        // Nothing of it took effect.
        assertThat(users.addDevice(alice.handle(), "unchanged").userId()).isEqualTo(alice.userId());
    }

    @Test
    void deletingTheAccountWithTheWrongPasswordIsRefusedAndDeletesNothing() {
        TestUsers.User alice = users.register("alice");

        var refused = refusal(() -> api.deleteAccount(token(alice.device()), new DeleteAccountRequest("nope nope")));

        assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(api.user(alice.handle(), token(alice.device())).userId()).isEqualTo(alice.userId());
    }

    @Test
    void aDeletedAccountCannotLogInItsDevicesCloseItLeavesItsGroupsAndItsHandleStaysReserved() throws Exception {
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        TestUsers.Device laptop = users.addDevice(alice.handle(), "laptop");
        String group;
        String direct;
        try (ChatConnection a = users.connect(alice)) {
            group = Groups.create(a, "Book club", List.of(bob.userId())).conversationId();
            direct = a.send(new SendFrame(null, null, bob.userId(), "hi", Bodies.of("hi bob")))
                    .get(10, TimeUnit.SECONDS).conversationId();
        }
        ChatConnection laptopConnection = users.connect(laptop);

        api.deleteAccount(token(alice.device()), new DeleteAccountRequest(TestUsers.PASSWORD));

        assertThat(laptopConnection.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.DEVICE_REMOVED);
        assertThat(refusal(() -> users.addDevice(alice.handle(), "again")).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
        for (TestUsers.Device d : List.of(alice.device(), laptop)) {
            assertThat(refusal(() -> api.token(d.credential())).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
        try (ChatConnection b = users.connect(bob)) {
            String bobToken = token(bob.device());
            assertThat(refusal(() -> api.user(alice.handle(), bobToken)).code()).isEqualTo(ErrorCode.USER_NOT_FOUND);
            MemberListFrame members = b.request(new MembersFrame(b.newReqId(), group), MemberListFrame.class)
                    .get(10, TimeUnit.SECONDS);
            assertThat(members.members()).extracting(MemberView::userId).containsExactly(bob.userId());
            // Bob's copy of the direct conversation stays.
            assertThat(b.history(direct, null, null).get(10, TimeUnit.SECONDS).messages()).hasSize(1);
        }
        // The handle is quarantined (30 days by default): nobody may register it yet.
        assertThat(refusal(() -> api.register(new RegisterAccountRequest(alice.handle(), "Eve", NEW_PASSWORD)))
                .code()).isEqualTo(ErrorCode.HANDLE_TAKEN);
    }

    private String token(TestUsers.Device device) {
        return api.token(device.credential()).token();
    }

    private HttpResponse<String> raw(String method, String path, String bearer, String json) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(system.api() + path))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
            return ChatHttpApi.defaultClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
