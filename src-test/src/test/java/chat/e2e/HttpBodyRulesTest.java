package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.system.ChatSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The public HTTP API as docs/protocol.md states it, called with raw JSON as a client in another language would. */
@ExtendWith(SharedSystem.class)
class HttpBodyRulesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private URI api;
    private TestUsers users;

    @BeforeEach
    void system(ChatSystem system) {
        api = system.api();
        users = new TestUsers(system);
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsAMalformedFrame() throws Exception {
        for (String body : new String[] {"[1,2]", "\"x\"", "null", "", "12"}) {
            HttpResponse<String> answer = post("/v1/accounts", body);

            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.body()).as(body).contains("\"code\":\"MALFORMED_FRAME\"")
                    .contains("body must be a JSON object");
        }
    }

    @Test
    void aFieldOfTheWrongTypeIsAnInvalidFieldNamingIt() throws Exception {
        HttpResponse<String> answer = post("/v1/accounts",
                "{\"handle\":\"wrong_type\",\"displayName\":42,\"password\":\"long enough\"}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"code\":\"INVALID_FIELD\"")
                .contains("wrong type for field \\\"displayName\\\": expected a string");
    }

    @Test
    void aUserIsFoundByHandleWithOrWithoutALeadingAt() throws Exception {
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        String token = users.api().token(alice.device().credential()).token();

        for (String path : new String[] {bob.handle(), "@" + bob.handle()}) {
            HttpResponse<String> answer = get("/v1/users/" + path, "Bearer " + token);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.body()).as(path).contains("\"userId\":\"" + bob.userId() + "\"");
        }
        HttpResponse<String> notAHandle = get("/v1/users/Bob!", "Bearer " + token);
        assertThat(notAHandle.statusCode()).isEqualTo(400);
        assertThat(notAHandle.body()).contains("\"code\":\"INVALID_FIELD\"");
    }

    @Test
    void aDeviceCredentialIsAcceptedAsBearerOnHttpAsOnTheWebSocket() throws Exception {
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");

        HttpResponse<String> answer = get("/v1/users/" + bob.handle(), "Bearer " + alice.device().credential());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"userId\":\"" + bob.userId() + "\"");

        String wrong = alice.device().credential().substring(0, alice.device().credential().length() - 4) + "AAAA";
        HttpResponse<String> refused = get("/v1/users/" + bob.handle(), "Bearer " + wrong);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"code\":\"UNAUTHENTICATED\"");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
