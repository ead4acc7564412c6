package chat.functions.routing;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.lambda.LocalStackResource;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.functions.support.AwsCallCounter;
import chat.model.Ids;
import chat.model.frames.FrameCodec;
import chat.model.internal.DeliveryBatch;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Above {@code chat.fanout.by-user-max-brokers} live nodes (0 here, so any fleet), a direct chat's push reads where
 * its users are connected and calls only the nodes holding them, by connection. (Below it, {@code
 * DirectDeliveryTest} sees the push go by user.) Against dynalite, with a stand-in node that is not even in the
 * brokers table: only the connections table sends the push there.
 */
@QuarkusTest
@TestProfile(DirectRouterAboveItsFleetSizeTest.AlwaysByConnection.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class DirectRouterAboveItsFleetSizeTest {
    public static class AlwaysByConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.fanout.by-user-max-brokers", "0");
        }
    }

    @Inject
    DirectRouter router;
    @Inject
    ConnectionsTable connections;

    private HttpServer node;
    private final List<DeliveryBatch> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startNode() throws IOException {
        node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        node.createContext("/", ex -> {
            try (ex) {
                received.add(FrameCodec.mapper().readValue(ex.getRequestBody().readAllBytes(), DeliveryBatch.class));
                byte[] answer = "{\"unknownConnections\":[]}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
            }
        });
        node.start();
    }

    @AfterEach
    void stopNode() {
        node.stop(0);
    }

    @Test
    void aDirectPushLooksUpConnectionsAndGoesToThemByConnection() {
        String bob = Ids.newUserId();
        String connectionId = "c-" + Ids.random(12);
        String deviceId = Ids.newDeviceId();
        long now = System.currentTimeMillis();
        connections.put(new Connection(bob, deviceId, connectionId, "node-by-connection",
                "http://127.0.0.1:" + node.getAddress().getPort()), now, now / 1000 + 3600);
        Map<String, Long> before = AwsCallCounter.snapshot();

        ConnectionRouter.Outcome outcome = router.push(List.of(new Push(bob, null, "{\"type\":\"receipt\"}")));

        assertThat(AwsCallCounter.snapshot().get("DynamoDb.BatchGetItem"))
                .isEqualTo(before.getOrDefault("DynamoDb.BatchGetItem", 0L) + 1);
        assertThat(received).singleElement().satisfies(batch -> {
            assertThat(batch.deliveries()).singleElement()
                    .satisfies(d -> assertThat(d.connectionId()).isEqualTo(connectionId));
            assertThat(batch.userDeliveries()).isEmpty();
        });
        assertThat(outcome.reached()).containsExactly(bob + "#" + deviceId);
    }
}
