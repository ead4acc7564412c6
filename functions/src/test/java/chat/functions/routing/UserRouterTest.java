package chat.functions.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.functions.broker.BrokerLiveness;
import chat.functions.lambda.LocalStackResource;
import chat.functions.store.BrokersTable;
import chat.model.frames.FrameCodec;
import chat.model.internal.DeliveryBatch;
import chat.model.internal.UserDelivery;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group pushes by user to every broker node in the brokers table (on dynalite), one of them a stand-in node: a local
 * HTTP server that records the batch and answers which devices it reached.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class UserRouterTest {
    @Inject
    UserRouter router;
    @Inject
    BrokersTable brokers;
    @Inject
    BrokerLiveness liveness;

    private HttpServer node;
    private String nodeId;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void startNode() throws IOException {
        node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        node.createContext("/", ex -> {
            try (ex) {
                received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] answer = (status == 200
                        ? "{\"unknownConnections\":[],\"reached\":[{\"userId\":\"ualice\",\"deviceId\":\"dphone\"}]}"
                        : "{\"code\":\"INTERNAL\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, answer.length);
                ex.getResponseBody().write(answer);
            }
        });
        node.start();
        nodeId = "node-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        brokers.heartbeat(nodeId, "http://127.0.0.1:" + node.getAddress().getPort(), now, now + 600_000);
        // The cached brokers list learns of the node within chat.presence.liveness-cache.
        await().atMost(Duration.ofSeconds(10)).until(() -> liveness.routable().stream()
                .anyMatch(n -> n.nodeId().equals(nodeId)));
    }

    @AfterEach
    void stopNode() {
        node.stop(0);
    }

    @Test
    void eachNodeGetsTheUsersOnceWithoutAnyConnectionLookupAndTheirAnswersSayWhoWasReached() throws Exception {
        String frame = "{\"type\":\"message\",\"n\":1}";

        ConnectionRouter.Outcome outcome = router.push(List.of(new Push("ualice", null, frame),
                new Push("ubob", "dbobs", frame)));

        assertThat(outcome.reached()).contains("ualice#dphone");
        assertThat(received).hasSize(1);
        DeliveryBatch batch = FrameCodec.mapper().readValue(received.get(0), DeliveryBatch.class);
        assertThat(batch.frames()).containsExactly(frame);
        assertThat(batch.deliveries()).isEmpty();
        assertThat(batch.userDeliveries()).containsExactly(new UserDelivery("ualice", null, List.of(0)),
                new UserDelivery("ubob", "dbobs", List.of(0)));
    }

    @Test
    void aNodeRestartedOnTheSameAddressGetsEachBatchOnce() {
        String successor = "node-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        brokers.heartbeat(successor, "http://127.0.0.1:" + node.getAddress().getPort(), now, now + 600_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> liveness.routable().stream()
                .anyMatch(n -> n.nodeId().equals(successor)));

        router.push(List.of(new Push("ualice", null, "{\"type\":\"message\"}")));

        assertThat(received).hasSize(1);
    }

    @Test
    void aNodeThatRefusesCallsCountsAsDeadAtOnceSoTheReaperClearsItOnItsNextSweep() throws IOException {
        String deadUrl;
        try (ServerSocket dead = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadUrl = "http://127.0.0.1:" + dead.getLocalPort();
        } // nobody listens there now: the call is refused, as after the node's process died
        String deadNode = "node-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        brokers.heartbeat(deadNode, deadUrl, now, now + 600_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> liveness.routable().stream()
                .anyMatch(n -> n.nodeId().equals(deadNode)));

        ConnectionRouter.Outcome outcome = router.push(List.of(new Push("ualice", null, "{\"type\":\"message\"}")));

        assertThat(outcome.reached()).as("the live node still answered").contains("ualice#dphone");
        assertThat(liveness.isLive(deadNode)).isFalse();
        assertThat(brokers.all()).filteredOn(n -> n.nodeId().equals(deadNode)).singleElement()
                .satisfies(n -> assertThat(n.liveAt(System.currentTimeMillis())).isFalse());
    }

    @Test
    void aNodeThatAnswersWithAnErrorFailsThePush() {
        status = 500;

        assertThatThrownBy(() -> router.push(List.of(new Push("ualice", null, "{\"type\":\"message\"}"))))
                .hasMessageContaining("refused").hasMessageContaining("answered 500");
    }
}
