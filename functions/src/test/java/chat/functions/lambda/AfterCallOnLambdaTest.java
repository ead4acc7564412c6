package chat.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.functions.broker.BrokerLiveness;
import chat.functions.store.BrokersTable;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.functions.store.ConversationsTable;
import chat.functions.store.DevicesTable;
import chat.functions.store.MembersTable;
import chat.model.CloseCodes;
import chat.model.Ids;
import chat.model.frames.FrameCodec;
import chat.model.internal.ConnectionOpened;
import chat.model.internal.DeliveryBatch;
import chat.model.internal.InternalApi;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On AWS Lambda whatever an invocation leaves running is frozen with it, so in the {@code lambda} profile the work a
 * call causes beyond its answer has reached the brokers by the time the call returns. A stand-in broker (a real HTTP
 * server on the delivery path) that takes a while to answer, as a busy one does, records each delivery it answered;
 * the assertions look at it right after the call's answer, with no waiting.
 */
@QuarkusTest
@TestProfile(LambdaLikeProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class AfterCallOnLambdaTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** How long the stand-in broker takes to answer: background work would still be waiting for it. */
    private static final Duration BROKER_ANSWER_TIME = Duration.ofMillis(300);
    @TestHTTPResource("/")
    URI functions;
    @Inject
    ConversationsTable conversations;
    @Inject
    MembersTable members;
    @Inject
    ConnectionsTable connections;
    @Inject
    BrokersTable brokers;
    @Inject
    BrokerLiveness liveness;
    @Inject
    DevicesTable devices;

    private HttpServer broker;
    /** Deliveries the stand-in broker has answered. */
    private final List<DeliveryBatch> answered = new CopyOnWriteArrayList<>();
    private String node;
    private String callbackUrl;

    @BeforeEach
    void startStandInBroker() throws IOException {
        broker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        broker.createContext(InternalApi.DELIVERIES_PATH, ex -> {
            try (ex) {
                DeliveryBatch batch = FrameCodec.internalMapper().readValue(ex.getRequestBody(), DeliveryBatch.class);
                Thread.sleep(BROKER_ANSWER_TIME.toMillis());
                byte[] answer = "{\"unknownConnections\":[]}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
                // before the exchange closes, which is when the caller can have the answer
                answered.add(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        broker.start();
        // One node id for every test here: each test's stand-in replaces the last in the brokers table.
        node = "node-after-call-test";
        callbackUrl = "http://127.0.0.1:" + broker.getAddress().getPort();
        long now = System.currentTimeMillis();
        brokers.heartbeat(node, callbackUrl, now, now + 600_000);
        // The cached brokers list learns of the new address within chat.presence.liveness-cache.
        await().atMost(Duration.ofSeconds(10)).until(() -> liveness.routable().stream()
                .anyMatch(n -> n.callbackUrl().equals(callbackUrl)));
    }

    @AfterEach
    void stopStandInBroker() {
        broker.stop(0);
    }

    @Test
    void whenAnAckReturnsTheOtherUsersDeviceHasAlreadyBeenSentTheReceipt() throws Exception {
        String alice = Ids.newUserId();
        String bob = Ids.newUserId();
        String conversation = Ids.directConversationId(alice, bob);
        long now = System.currentTimeMillis();
        conversations.createIfAbsent(conversation, "direct", now);
        members.addIfAbsent(conversation, alice, "member", 0, now);
        members.addIfAbsent(conversation, bob, "member", 0, now);
        conversations.advanceHead(conversation, 1, now);
        connectedDevice(bob);

        HttpResponse<String> acked = frame(alice, "{\"type\":\"ack\",\"reqId\":\"k1\",\"conversationId\":\""
                + conversation + "\",\"read\":1}");

        assertThat(acked.statusCode()).isEqualTo(200);
        assertThat(acked.body()).contains("acked", "\\\"read\\\":1");
        // A small fleet: the receipt goes to every broker by user (DirectRouter).
        assertThat(answered).anySatisfy(batch -> assertThat(batch.userDeliveries()).anySatisfy(d -> {
            assertThat(d.userId()).isEqualTo(bob);
            assertThat(batch.framesOf(d)).anySatisfy(f -> assertThat(f).contains("\"type\":\"receipt\"",
                    conversation, "\"read\":1"));
        }));
    }

    @Test
    void whenADeviceConnectsAgainItsOldConnectionHasAlreadyBeenToldToClose() throws Exception {
        String carol = Ids.newUserId();
        String device = Ids.newDeviceId();
        String first = "c" + Ids.random(12);
        // Registration checks that the device exists (a removed device's connection may not register).
        devices.create(carol, device, "phone", "unused-hash", System.currentTimeMillis());
        assertThat(opened(new ConnectionOpened(carol, device, first, node, callbackUrl)).statusCode()).isEqualTo(204);
        answered.clear();

        assertThat(opened(new ConnectionOpened(carol, device, "c" + Ids.random(12), node, callbackUrl)).statusCode())
                .isEqualTo(204);

        assertThat(answered).anySatisfy(batch -> assertThat(batch.deliveries()).anySatisfy(d -> {
            assertThat(d.connectionId()).isEqualTo(first);
            assertThat(d.closeCode()).isEqualTo(CloseCodes.DISPLACED);
        }));
    }

    private String connectedDevice(String user) {
        String connectionId = "c" + Ids.random(12);
        long now = System.currentTimeMillis();
        connections.put(new Connection(user, Ids.newDeviceId(), connectionId, node, callbackUrl), now,
                now / 1000 + 3600);
        return connectionId;
    }

    private HttpResponse<String> frame(String user, String text) throws Exception {
        return HTTP.send(internal(InternalApi.FRAMES_PATH)
                .header("Content-Type", "text/plain")
                .header(InternalApi.USER_HEADER, user)
                .header(InternalApi.DEVICE_HEADER, Ids.newDeviceId())
                .header(InternalApi.CONNECTION_HEADER, "c" + Ids.random(12))
                .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> opened(ConnectionOpened opened) throws Exception {
        return HTTP.send(internal(InternalApi.CONNECTIONS_PATH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(FrameCodec.mapper().writeValueAsString(opened))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder internal(String path) {
        return HttpRequest.newBuilder(functions.resolve(path)).timeout(Duration.ofSeconds(30))
                .header(InternalApi.KEY_HEADER, LambdaLikeProfile.INTERNAL_KEY);
    }
}
