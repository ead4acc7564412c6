package chat.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.lambda.LocalStackResource;
import chat.model.Ids;
import chat.model.api.DeviceCreated;
import chat.model.api.UserList;
import chat.model.api.UserView;
import chat.model.frames.FrameCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** GET /v1/users?ids=…: the reverse lookup clients use to show names for the user ids that frames carry. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class UsersByIdTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    private record Account(String userId, String handle, String credential, String password) {
    }

    private record Answer(int status, String body) {
        String code() throws Exception {
            return String.valueOf(FrameCodec.mapper().readValue(body, Map.class).get("code"));
        }
    }

    @Test
    void answersHandleAndDisplayNameOfEachIdInTheOrderAskedAndEachOnce() throws Exception {
        Account bob = account("Bob");
        Account carol = account("Carol");
        Answer a = get("?ids=" + carol.userId() + "," + bob.userId() + "," + carol.userId(), bob.credential());
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(FrameCodec.mapper().readValue(a.body(), UserList.class).users()).containsExactly(
                new UserView(carol.userId(), carol.handle(), "Carol"), new UserView(bob.userId(), bob.handle(), "Bob"));
        assertThat(a.body()).doesNotContain("online").doesNotContain("lastSeen");
    }

    @Test
    void leavesOutIdsThatNameNobody() throws Exception {
        Account bob = account("Bob");
        Answer a = get("?ids=" + Ids.newUserId() + "," + bob.userId(), bob.credential());
        assertThat(a.status()).isEqualTo(200);
        assertThat(FrameCodec.mapper().readValue(a.body(), UserList.class).users()).extracting(UserView::userId)
                .containsExactly(bob.userId());
    }

    @Test
    void leavesOutADeletedAccount() throws Exception {
        Account bob = account("Bob");
        Account gone = account("Gone");
        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(base.resolve("/v1/account"))
                .header("Authorization", "Bearer " + gone.credential()).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"password\":\"" + gone.password() + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        Answer a = get("?ids=" + gone.userId() + "," + bob.userId(), bob.credential());
        assertThat(FrameCodec.mapper().readValue(a.body(), UserList.class).users()).extracting(UserView::userId)
                .containsExactly(bob.userId());
    }

    @Test
    void refusesAMalformedIdAsInvalidField() throws Exception {
        Account bob = account("Bob");
        Answer a = get("?ids=" + bob.userId() + ",bob", bob.credential());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void refusesMoreThanAHundredIdsAsInvalidField() throws Exception {
        Account bob = account("Bob");
        List<String> ids = new ArrayList<>(IntStream.range(0, 101).mapToObj(i -> Ids.newUserId()).toList());
        Answer a = get("?ids=" + String.join(",", ids), bob.credential());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).isEqualTo("INVALID_FIELD");
        assertThat(get("?ids=" + String.join(",", ids.subList(0, 100)), bob.credential()).status()).isEqualTo(200);
    }

    @Test
    void refusesNoIdsAsMissingField() throws Exception {
        Account bob = account("Bob");
        Answer a = get("", bob.credential());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).isEqualTo("MISSING_FIELD");
    }

    @Test
    void refusesACallerWithoutATokenAsUnauthenticated() throws Exception {
        Account bob = account("Bob");
        Answer a = get("?ids=" + bob.userId(), null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.code()).isEqualTo("UNAUTHENTICATED");
    }

    private Account account(String name) throws Exception {
        String handle = name.toLowerCase() + "_" + Ids.random(8);
        String password = "pass-" + handle;
        Answer created = post("/v1/accounts", "{\"handle\":\"" + handle + "\",\"displayName\":\"" + name
                + "\",\"password\":\"" + password + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Answer device = post("/v1/devices", "{\"handle\":\"" + handle + "\",\"password\":\"" + password
                + "\",\"deviceName\":\"test\"}");
        assertThat(device.status()).as(device.body()).isEqualTo(201);
        DeviceCreated d = FrameCodec.mapper().readValue(device.body(), DeviceCreated.class);
        return new Account(d.userId(), handle, d.credential(), password);
    }

    private Answer post(String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private Answer get(String query, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/v1/users" + query)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }
}
