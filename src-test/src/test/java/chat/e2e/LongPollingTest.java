package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.system.ChatSystem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The long-polling transport spoken over raw HTTP against the real system (docs/protocol.md, "Long polling"): the
 * WebSocket's frames and guarantees, a session displaced like a socket, and bad requests refused with stable codes.
 */
@ExtendWith(SharedSystem.class)
class LongPollingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    @Test
    void aDeviceOnLongPollingGetsHelloThenSendsAndReceivesMessagesWithAWebSocketPeer(ChatSystem system)
            throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        Session a = Session.open(system, users, alice.device());
        JsonNode hello = a.next(f -> true);
        assertThat(hello.path("type").asText()).isEqualTo("hello");
        assertThat(hello.path("deviceId").asText()).isEqualTo(alice.device().deviceId());
        assertThat(hello.path("connectionId").asText()).isEqualTo(a.connectionId);

        try (ChatConnection b = users.connect(bob)) {
            b.send(new SendFrame(null, null, alice.userId(), "to-poll-1", Bodies.of("over the socket")))
                    .get(20, TimeUnit.SECONDS);
            JsonNode message = a.next(f -> "message".equals(f.path("type").asText()));
            assertThat(Bodies.text(message.path("message").path("body").asText())).isEqualTo("over the socket");
            assertThat(message.path("message").path("senderUserId").asText()).isEqualTo(bob.userId());

            String body = Bodies.of("over long polling");
            assertThat(a.post("{\"type\":\"send\",\"reqId\":\"p1\",\"peer\":\"" + bob.userId()
                    + "\",\"clientMsgId\":\"from-poll-1\",\"body\":\"" + body + "\"}").statusCode()).isEqualTo(202);
            JsonNode sent = a.next(f -> "sent".equals(f.path("type").asText()));
            assertThat(sent.path("reqId").asText()).isEqualTo("p1");
            MessageFrame got = Frames.await(b, MessageFrame.class,
                    m -> "from-poll-1".equals(m.message().clientMsgId()));
            assertThat(got).isNotNull();
            assertThat(got.message().seq()).isEqualTo(sent.path("seq").asLong());
        }
        assertThat(a.delete().statusCode()).isEqualTo(204);
        HttpResponse<String> after = a.poll(a.cursor, 0);
        assertThat(after.statusCode()).isEqualTo(410);
        assertThat(JSON.readTree(after.body()).path("code").asText()).isEqualTo("POLL_SESSION_GONE");
    }

    @Test
    void aWebSocketOfTheSameDeviceDisplacesTheSessionWhichSaysSoAndIsThenGone(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User carol = users.register("carol");
        Session c = Session.open(system, users, carol.device());
        c.next(f -> "hello".equals(f.path("type").asText()));
        try (ChatConnection socket = users.connect(carol)) {
            JsonNode closed = c.pollUntilClosed();
            assertThat(closed.path("code").asInt()).isEqualTo(4001);
            assertThat(socket.isOpen()).isTrue();
        }
        assertThat(c.poll(c.cursor, 0).statusCode()).isEqualTo(410);
    }

    @Test
    void badRequestsAreRefusedWithStableCodesAndABadFrameIsAnsweredAsOnTheSocket(ChatSystem system)
            throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User dave = users.register("dave");
        URI base = Session.base(system);
        assertThat(code(HTTP.send(HttpRequest.newBuilder(base).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()), 401)).isEqualTo("UNAUTHENTICATED");
        assertThat(code(HTTP.send(HttpRequest.newBuilder(base).header("Authorization", "Bearer forged.token.here")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()), 401))
                .isEqualTo("UNAUTHENTICATED");
        assertThat(code(HTTP.send(HttpRequest.newBuilder(base).GET().build(), HttpResponse.BodyHandlers.ofString()),
                401)).isEqualTo("UNAUTHENTICATED");
        assertThat(code(HTTP.send(HttpRequest.newBuilder(base).header("X-Chat-Session", "no-such-session").GET()
                .build(), HttpResponse.BodyHandlers.ofString()), 410)).isEqualTo("POLL_SESSION_GONE");

        Session d = Session.open(system, users, dave.device());
        d.next(f -> "hello".equals(f.path("type").asText()));
        assertThat(code(d.get("?after=0&wait=26"), 400)).isEqualTo("INVALID_FIELD");
        assertThat(code(d.get("?after=abc"), 400)).isEqualTo("INVALID_FIELD");
        assertThat(code(d.get("?after=-1"), 400)).isEqualTo("INVALID_FIELD");
        assertThat(code(d.get("?after=2.0"), 400)).isEqualTo("INVALID_FIELD");
        assertThat(code(d.get("?after=99"), 400)).as("beyond the last position handed out")
                .isEqualTo("INVALID_FIELD");

        assertThat(d.post("not json").statusCode()).isEqualTo(202);
        assertThat(d.next(f -> "error".equals(f.path("type").asText())).path("code").asText())
                .isEqualTo("MALFORMED_FRAME");
        assertThat(d.post("{\"type\":\"send\",\"reqId\":7}").statusCode()).isEqualTo(202);
        assertThat(d.next(f -> "error".equals(f.path("type").asText())).path("code").asText())
                .isEqualTo("INVALID_FIELD");
        d.delete();
    }

    private static String code(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        String header = response.headers().firstValue("X-Chat-Error").orElse(null);
        String body = JSON.readTree(response.body()).path("code").asText();
        assertThat(header).isEqualTo(body);
        return body;
    }

    /** One long-poll session, as a client keeps it: the secret, the cursor and frames not yet looked at. */
    private static final class Session {
        final URI base;
        final String secret;
        final String connectionId;
        final List<JsonNode> unread = new ArrayList<>();
        long cursor;

        private Session(URI base, String secret, String connectionId) {
            this.base = base;
            this.secret = secret;
            this.connectionId = connectionId;
        }

        static URI base(ChatSystem system) {
            URI ws = system.ws();
            return URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/v1/poll");
        }

        static Session open(ChatSystem system, TestUsers users, TestUsers.Device device) throws Exception {
            String token = users.api().token(device.credential()).token();
            HttpResponse<String> opened = HTTP.send(HttpRequest.newBuilder(base(system))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            JsonNode o = JSON.readTree(opened.body());
            assertThat(o.path("sessionId").asText()).hasSize(43);
            assertThat(o.path("maxWaitSeconds").asInt()).isEqualTo(25);
            assertThat(o.path("idleSeconds").asInt()).isEqualTo(60);
            return new Session(base(system), o.path("sessionId").asText(), o.path("connectionId").asText());
        }

        HttpResponse<String> get(String query) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + query)).header("X-Chat-Session", secret)
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> poll(long after, int waitSeconds) throws Exception {
            return get("?after=" + after + "&wait=" + waitSeconds);
        }

        HttpResponse<String> post(String frame) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/frames")).header("X-Chat-Session", secret)
                    .header("Content-Type", "application/json").timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(frame)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> delete() throws Exception {
            return HTTP.send(HttpRequest.newBuilder(base).header("X-Chat-Session", secret).timeout(TIMEOUT)
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The next frame (in order) matching, skipping others; polls as long as it takes, up to 20 s. */
        JsonNode next(Predicate<JsonNode> match) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                while (!unread.isEmpty()) {
                    JsonNode f = unread.remove(0);
                    if (match.test(f)) {
                        return f;
                    }
                }
                assertThat(System.nanoTime()).as("a matching frame within 20 s").isLessThan(deadline);
                JsonNode answer = answered(poll(cursor, 5));
                assertThat(answer.has("closed")).as("closed: %s", answer).isFalse();
            }
        }

        JsonNode pollUntilClosed() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode answer = answered(poll(cursor, 5));
                if (answer.has("closed")) {
                    return answer.path("closed");
                }
            }
            throw new AssertionError("the session was not closed within 20 s");
        }

        private JsonNode answered(HttpResponse<String> response) throws Exception {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(response.body());
            answer.path("frames").forEach(unread::add);
            cursor = answer.path("cursor").asLong();
            return answer;
        }
    }
}
