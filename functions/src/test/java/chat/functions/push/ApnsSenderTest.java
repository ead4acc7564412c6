package chat.functions.push;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.store.PushTargetsTable.Target;
import chat.model.frames.FrameCodec;
import chat.model.frames.PushKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The APNs provider API request format, checked by a local HTTP/2 (cleartext) server standing in for
 * api.push.apple.com: path, headers, ES256 provider token and payload.
 */
class ApnsSenderTest {
    private Vertx vertx;
    private HttpServer server;
    private KeyPair key;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Map<String, Object> seen = new ConcurrentHashMap<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        key = g.generateKeyPair();
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setHttp2ClearTextEnabled(true));
        server.requestHandler(req -> req.body().onComplete(body -> {
            seen.put("version", req.version());
            check(req.method().name().equals("POST"), "method " + req.method());
            check(req.path().equals("/3/device/a1b2c3d4e5f60718293a4b5c6d7e8f90"), "path " + req.path());
            check("com.example.chat".equals(req.getHeader("apns-topic")), "apns-topic");
            check("alert".equals(req.getHeader("apns-push-type")), "apns-push-type");
            check("10".equals(req.getHeader("apns-priority")), "apns-priority");
            String collapse = req.getHeader("apns-collapse-id");
            check(collapse != null && collapse.length() <= 64, "apns-collapse-id");
            seen.put("collapse", String.valueOf(collapse));
            String auth = req.getHeader("authorization");
            check(auth != null && auth.startsWith("bearer "), "authorization " + auth);
            try {
                SignedJWT jwt = SignedJWT.parse(auth.substring(7));
                check(jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.ES256), "alg");
                check("KEY123ABCD".equals(jwt.getHeader().getKeyID()), "kid");
                check("TEAM123456".equals(jwt.getJWTClaimsSet().getIssuer()), "iss");
                long iat = jwt.getJWTClaimsSet().getIssueTime().getTime();
                check(Math.abs(System.currentTimeMillis() - iat) < 60_000, "iat");
                check(jwt.verify(new ECDSAVerifier((ECPublicKey) key.getPublic())), "signature");
                seen.put("body", FrameCodec.mapper().readTree(body.result().toString()));
            } catch (Exception e) {
                problems.add(e.toString());
            }
            req.response().setStatusCode(status).end(status == 200 ? ""
                    : "{\"reason\":\"Unregistered\",\"timestamp\":1700000000000}");
        }));
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            problems.add(what);
        }
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private ApnsSender sender() {
        String pkcs8 = Base64.getEncoder().encodeToString(key.getPrivate().getEncoded());
        return new ApnsSender("http://127.0.0.1:" + server.actualPort(), Optional.of("com.example.chat"),
                Optional.of("TEAM123456"), Optional.of("KEY123ABCD"),
                Optional.of("-----BEGIN PRIVATE KEY-----\n" + pkcs8 + "\n-----END PRIVATE KEY-----"),
                Duration.ofSeconds(5));
    }

    private static Target target() {
        return new Target("u0000000000000001", "d0000000000000001", PushKind.APNS, null, null, null,
                "a1b2c3d4e5f60718293a4b5c6d7e8f90", 0);
    }

    @Test
    void sendsAnAlertWithProviderTokenCollapsedPerConversationOverHttp2() throws Exception {
        PushNotification n = new PushNotification("g0000000000000001", 3);
        assertThat(sender().send(target(), n).get(10, TimeUnit.SECONDS)).isEqualTo(PushResult.SENT);
        assertThat(problems).isEmpty();
        assertThat(seen.get("version")).isEqualTo(HttpVersion.HTTP_2);
        assertThat(seen.get("collapse")).isEqualTo(n.collapseKey());
        JsonNode body = (JsonNode) seen.get("body");
        assertThat(body.get("conversationId").asText()).isEqualTo("g0000000000000001");
        assertThat(body.get("unread").asLong()).isEqualTo(3);
        assertThat(body.get("aps").get("badge").asLong()).isEqualTo(3);
        assertThat(body.get("aps").get("alert").has("body")).as("no content").isFalse();
    }

    @Test
    void anUnregisteredTokenIsReportedGone() throws Exception {
        status = 410;
        assertThat(sender().send(target(), new PushNotification("g0000000000000001", 1)).get(10, TimeUnit.SECONDS))
                .isEqualTo(PushResult.GONE);
    }
}
