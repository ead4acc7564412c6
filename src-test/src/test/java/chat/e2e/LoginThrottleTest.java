package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatHttpApi;
import chat.model.ConfigRules;
import chat.model.Ids;
import chat.model.api.AddDeviceRequest;
import chat.model.api.DeleteAccountRequest;
import chat.model.api.RegisterAccountRequest;
import chat.model.frames.FrameCodec;
import chat.model.internal.InternalApi;
import chat.system.ChatSystem;
import chat.system.SystemOptions;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The login throttle in front of PBKDF2, per handle and per source address, and the handle quarantine after an
 * account's deletion, on a system with short windows. The functions trust X-Forwarded-For here, so each test comes
 * from addresses of its own.
 */
class LoginThrottleTest {
    private static final int PER_HANDLE = 3;
    private static final int PER_ADDRESS = 6;
    /** Long enough that the attempts of a test fit in it on a loaded machine, short enough to wait for its end. */
    private static final Duration WINDOW = Duration.ofSeconds(15);
    private static ChatSystem system;
    private static TestUsers users;

    @BeforeAll
    static void start() {
        system = ChatSystem.start(SystemOptions.forTests(Path.of("target", "e2e-logs", "login-throttle"))
                .withProperties(Map.of(
                        // Costly enough that a hashed guess is clearly slower than a refused one.
                        "chat.auth.password-iterations", "100000",
                        "chat.accounts.login-throttle.per-handle", Integer.toString(PER_HANDLE),
                        "chat.accounts.login-throttle.handle-window", WINDOW.toString(),
                        "chat.accounts.login-throttle.per-address", Integer.toString(PER_ADDRESS),
                        "chat.accounts.login-throttle.address-window", WINDOW.toString(),
                        "chat.accounts.login-throttle.trust-forwarded-for", "true",
                        "chat.accounts.handle-quarantine", "PT3S"), Map.of()));
        users = new TestUsers(system);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aHandleWithTooManyWrongPasswordsIsRateLimitedEvenForTheRightOneUntilItsWindowEnds() {
        TestUsers.User alice = users.register("alice");
        for (int i = 0; i < PER_HANDLE; i++) {
            assertThat(login(alice.handle(), "wrong password", "198.51.100.1").statusCode()).isEqualTo(401);
        }

        HttpResponse<String> limited = login(alice.handle(), TestUsers.PASSWORD, "198.51.100.1");
        HttpResponse<String> elsewhere = login(alice.handle(), TestUsers.PASSWORD, "198.51.100.2");

        for (HttpResponse<String> r : new HttpResponse[] {limited, elsewhere}) {
            assertThat(r.statusCode()).isEqualTo(429);
            JsonNode error = json(r);
            assertThat(error.get("code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(error.get("retryable").asBoolean()).isTrue();
            assertThat(error.get("retryAfterMs").asLong()).isBetween(1L, WINDOW.toMillis());
            assertThat(error.get("message").asText()).contains("handle");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        }
        // A refused attempt is not counted: once the window is over, the right password logs in.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> login(alice.handle(), TestUsers.PASSWORD, "198.51.100.1").statusCode() == 201);
    }

    @Test
    void anAddressWithTooManyWrongPasswordsIsRateLimitedForEveryHandle() {
        TestUsers.User bob = users.register("bob");
        String attacker = "203.0.113.9";
        for (int i = 0; i < PER_ADDRESS; i++) {
            // Handles that do not exist count like wrong passwords.
            assertThat(login("nobody_" + Ids.random(8).toLowerCase(), "guess guess", attacker).statusCode())
                    .isEqualTo(401);
        }

        HttpResponse<String> limited = login(bob.handle(), TestUsers.PASSWORD, attacker);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).get("message").asText()).contains("address");
        assertThat(json(limited).get("retryAfterMs").asLong()).isBetween(1L, WINDOW.toMillis());
        // Bob himself, elsewhere, is not held back: the address was refused before his handle was counted.
        assertThat(login(bob.handle(), TestUsers.PASSWORD, "203.0.113.10").statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> login(bob.handle(), TestUsers.PASSWORD, attacker).statusCode() == 201);
    }

    @Test
    void rightPasswordsDoNotUseTheBudgetUp() {
        TestUsers.User carol = users.register("carol");
        IntStream.range(0, PER_HANDLE + 1).forEach(i -> assertThat(login(carol.handle(), TestUsers.PASSWORD,
                "192.0.2.44").statusCode()).as("login %d", i).isEqualTo(201));
    }

    @Test
    void aThrottledAttemptIsAnsweredWithoutHashingThePassword() throws Exception {
        TestUsers.User dave = users.register("dave");
        for (int i = 0; i < PER_HANDLE; i++) {
            assertThat(login(dave.handle(), "wrong password", "192.0.2.77").statusCode()).isEqualTo(401);
        }
        long before = passwordDerivations();
        for (int i = 0; i < 5; i++) {
            assertThat(login(dave.handle(), "wrong password", "192.0.2.77").statusCode()).isEqualTo(429);
        }
        assertThat(login(dave.handle(), TestUsers.PASSWORD, "192.0.2.77").statusCode()).isEqualTo(429);

        // The functions count every PBKDF2 derivation: none of the six refused attempts reached one.
        assertThat(passwordDerivations()).isEqualTo(before);
    }

    /** PBKDF2 derivations the functions instance has run (its stats endpoint). */
    private static long passwordDerivations() throws Exception {
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        system.api().resolve(InternalApi.STATS_PATH)).header(InternalApi.KEY_HEADER,
                        ConfigRules.LOCAL_INTERNAL_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return FrameCodec.mapper().readTree(r.body()).path(InternalApi.STATS_PASSWORD_DERIVATIONS).asLong(-1);
    }

    @Test
    void aDeletedAccountsHandleIsReservedDuringTheQuarantineAndFreeAfterIt() {
        TestUsers.User erin = users.register("erin");
        ChatHttpApi api = users.api();
        api.deleteAccount(api.token(erin.device().credential()).token(),
                new DeleteAccountRequest(TestUsers.PASSWORD));
        RegisterAccountRequest again = new RegisterAccountRequest(erin.handle(), "Another Erin", "new owner pass");

        assertThat(DeviceRemovalTest.refusal(() -> api.register(again)).code().name()).isEqualTo("HANDLE_TAKEN");

        String[] newOwner = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> (newOwner[0] = api.register(again).userId()) != null);
        assertThat(newOwner[0]).isNotEqualTo(erin.userId());
        assertThat(api.addDevice(new AddDeviceRequest(erin.handle(), "new owner pass", "phone")).userId())
                .isEqualTo(newOwner[0]);
    }

    /** POST /v1/devices as if from {@code address} (the functions trust X-Forwarded-For in this system). */
    private static HttpResponse<String> login(String handle, String password, String address) {
        try {
            String body = FrameCodec.mapper().writeValueAsString(Map.of("handle", handle, "password", password,
                    "deviceName", "throttled"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(system.api() + "/v1/devices"))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "192.0.2.250, " + address)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return ChatHttpApi.defaultClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return FrameCodec.mapper().readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
