package chat.functions.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.functions.store.PushTargetsTable.Target;
import chat.model.frames.FrameCodec;
import chat.model.frames.PushKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The FCM HTTP v1 request format and its OAuth tokens from a service account, checked by a local server standing in
 * for fcm.googleapis.com and Google's token endpoint.
 */
class FcmSenderTest {
    private HttpServer server;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> bearers = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private FakeGoogleTokenEndpoint google;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", ex -> {
            try (ex) {
                if (!"POST".equals(ex.getRequestMethod())) {
                    problems.add("method " + ex.getRequestMethod());
                }
                if (!"/v1/projects/chat-test/messages:send".equals(ex.getRequestURI().getPath())) {
                    problems.add("path " + ex.getRequestURI().getPath());
                }
                bearers.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                String type = ex.getRequestHeaders().getFirst("Content-Type");
                if (type == null || !type.startsWith("application/json")) {
                    problems.add("content type " + type);
                }
                bodies.add(FrameCodec.mapper().readTree(new String(ex.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8)));
                byte[] answer = status == 200 ? "{\"name\":\"projects/chat-test/messages/1\"}".getBytes()
                        : "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"details\":[{\"errorCode\":\"UNREGISTERED\"}]}}"
                                .getBytes();
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, answer.length);
                ex.getResponseBody().write(answer);
            }
        });
        google = FakeGoogleTokenEndpoint.on(server, baseUrl());
        server.start();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private FcmSender sender() {
        return new FcmSender(baseUrl(), Optional.empty(), Optional.of(google.serviceAccountJson("chat-test")),
                Duration.ofSeconds(5));
    }

    private static Target target() {
        return new Target("u0000000000000001", "d0000000000000001", PushKind.FCM, null, null, null,
                "fcm-token:APA91b_x", 0);
    }

    @Test
    void sendsADataOnlyV1MessageCollapsedPerConversationWithoutContent() throws Exception {
        PushNotification n = new PushNotification("dm.u0000000000000001.u0000000000000002", 7);
        assertThat(sender().send(target(), n).get(10, TimeUnit.SECONDS)).isEqualTo(PushResult.SENT);
        assertThat(problems).isEmpty();
        assertThat(google.problems()).isEmpty();
        assertThat(bearers).containsExactly("Bearer minted-1");
        JsonNode message = bodies.get(0).get("message");
        assertThat(bodies.get(0).size()).isEqualTo(1);
        assertThat(message.get("token").asText()).isEqualTo("fcm-token:APA91b_x");
        assertThat(message.has("notification")).as("no visible content from the server").isFalse();
        JsonNode data = message.get("data");
        assertThat(data.get("conversationId").asText()).isEqualTo(n.conversationId());
        // FCM v1 requires every data value to be a string.
        assertThat(data.get("unread").isTextual()).isTrue();
        assertThat(data.get("unread").asText()).isEqualTo("7");
        assertThat(message.get("android").get("collapse_key").asText()).isEqualTo(n.collapseKey());
        assertThat(message.get("android").get("priority").asText()).isEqualTo("HIGH");
    }

    @Test
    void anUnregisteredTokenIsReportedGone() throws Exception {
        status = 404;
        assertThat(sender().send(target(), new PushNotification("g0000000000000001", 1)).get(10, TimeUnit.SECONDS))
                .isEqualTo(PushResult.GONE);
    }

    @Test
    void aServerErrorIsAFailureNotGone() throws Exception {
        status = 503;
        assertThat(sender().send(target(), new PushNotification("g0000000000000001", 1)).get(10, TimeUnit.SECONDS))
                .isEqualTo(PushResult.FAILED);
    }

    @Test
    void aMintedTokenIsReusedWhileItIsFresh() throws Exception {
        FcmSender sender = sender();
        for (int i = 0; i < 3; i++) {
            assertThat(sender.send(target(), new PushNotification("g0000000000000001", 1)).get(10, TimeUnit.SECONDS))
                    .isEqualTo(PushResult.SENT);
        }
        assertThat(google.minted()).containsExactly("minted-1");
        assertThat(bearers).containsExactly("Bearer minted-1", "Bearer minted-1", "Bearer minted-1");
    }

    @Test
    void aTokenNearItsEndIsReplacedBeforeTheNextSend() throws Exception {
        // a minute is inside the library's margin: the token counts as ending as soon as it arrives
        google.expiresIn(60);
        FcmSender sender = sender();
        for (int i = 0; i < 2; i++) {
            assertThat(sender.send(target(), new PushNotification("g0000000000000001", 1)).get(10, TimeUnit.SECONDS))
                    .isEqualTo(PushResult.SENT);
        }
        assertThat(google.problems()).isEmpty();
        assertThat(bearers).containsExactly("Bearer minted-1", "Bearer minted-2");
    }

    @Test
    void aKeyGoogleRefusesFailsTheSendForALaterRetryWithoutCallingFcm() throws Exception {
        google.refuse();
        assertThat(sender().send(target(), new PushNotification("g0000000000000001", 1)).get(10, TimeUnit.SECONDS))
                .isEqualTo(PushResult.FAILED);
        assertThat(bodies).isEmpty();
    }

    @Test
    void fcmIsOnWithAServiceAccountAndOffWithout() {
        assertThat(sender().configured()).isTrue();
        assertThat(new FcmSender(baseUrl(), Optional.empty(), Optional.empty(), Duration.ofSeconds(5)).configured())
                .as("no service account, no FCM").isFalse();
    }

    @Test
    void aServiceAccountThatIsNotOneIsRefusedAtStart() {
        assertThatThrownBy(() -> new FcmSender(baseUrl(), Optional.empty(),
                Optional.of("{\"type\":\"authorized_user\"}"), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chat.push.fcm.service-account");
    }
}
