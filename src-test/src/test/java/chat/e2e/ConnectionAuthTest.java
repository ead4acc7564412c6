package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import chat.client.ChatConnectException;
import chat.client.ChatConnection;
import chat.client.FrameRecorder;
import chat.client.CloseInfo;
import chat.model.CloseCodes;
import chat.model.ErrorCode;
import chat.model.auth.DeviceTokens;
import chat.model.frames.HelloFrame;
import chat.system.ChatSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSystem.class)
class ConnectionAuthTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void upgradeWithoutCredentialsIsRefusedWith401(ChatSystem system) {
        assertRefused(system, null);
    }

    @Test
    void upgradeWithAForgedTokenIsRefusedWith401(ChatSystem system) {
        TestUsers.User alice = new TestUsers(system).register("alice");
        String forged = new DeviceTokens("not-the-server-secret-not-the-server-secret")
                .issue(alice.userId(), alice.device().deviceId(), Instant.now(), Duration.ofMinutes(5));
        assertRefused(system, forged);
    }

    @Test
    void upgradeWithAWrongDeviceSecretIsRefusedWith401(ChatSystem system) {
        TestUsers.User alice = new TestUsers(system).register("alice");
        String credential = alice.device().credential();
        String wrong = credential.substring(0, credential.length() - 4) + "AAAA";
        assertRefused(system, wrong);
    }

    @Test
    void aDeviceMayAuthenticateWithItsCredentialInsteadOfAToken(ChatSystem system) throws Exception {
        TestUsers.User alice = new TestUsers(system).register("alice");
        try (ChatConnection c = FrameRecorder.open(system.ws(), alice.device().credential(), TIMEOUT)
                .get(10, TimeUnit.SECONDS)) {
            HelloFrame hello = c.hello().get(10, TimeUnit.SECONDS);
            assertThat(hello.userId()).isEqualTo(alice.userId());
            assertThat(hello.deviceId()).isEqualTo(alice.device().deviceId());
        }
    }

    @Test
    void aSecondConnectionOfTheSameDeviceDisplacesTheFirstWithCloseCode4001(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        ChatConnection first = users.connect(alice);
        try (ChatConnection second = users.connect(alice)) {
            CloseInfo closed = first.closed().get(10, TimeUnit.SECONDS);
            assertThat(closed.code()).isEqualTo(CloseCodes.DISPLACED);
            assertThat(second.isOpen()).isTrue();
            assertThat(second.conversations().get(10, TimeUnit.SECONDS).conversations()).isEmpty();
        }
    }

    private static void assertRefused(ChatSystem system, String bearer) {
        Throwable failure = catchThrowable(() -> FrameRecorder.open(system.ws(), bearer, TIMEOUT)
                .get(10, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(ChatConnectException.class);
        ChatConnectException refused = (ChatConnectException) failure.getCause();
        assertThat(refused.httpStatus()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }
}
