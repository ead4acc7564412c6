package chat.functions.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.functions.lambda.LocalStackResource;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.model.frames.FrameCodec;
import chat.model.internal.Delivery;
import chat.model.internal.DeliveryBatch;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pushes through the connection table on dynalite to a stand-in broker node: a local HTTP server that takes the
 * delivery API's requests and answers as told.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class ConnectionRouterTest {
    @Inject
    ConnectionRouter router;
    @Inject
    ConnectionsTable connections;

    private HttpServer node;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void startNode() throws IOException {
        node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        node.createContext("/", ex -> {
            try (ex) {
                received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] answer = (status == 200 ? "{\"unknownConnections\":[]}" : "{\"code\":\"INTERNAL\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, answer.length);
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
    void aFrameForManyConnectionsOfOneNodeTravelsOnceAndEachDeliveryNamesIt() throws Exception {
        List<Connection> three = List.of(connect(nodeUrl()), connect(nodeUrl()), connect(nodeUrl()));
        String frame = "{\"type\":\"message\",\"n\":1}";

        ConnectionRouter.Outcome outcome = router.push(three.stream().map(c -> new Push(c.userId(), null, frame))
                .toList());

        assertThat(outcome.connections()).isEqualTo(3);
        assertThat(outcome.forgotten()).isZero();
        assertThat(received).hasSize(1);
        DeliveryBatch batch = FrameCodec.mapper().readValue(received.get(0), DeliveryBatch.class);
        assertThat(batch.frames()).containsExactly(frame);
        assertThat(batch.deliveries()).extracting(Delivery::connectionId)
                .containsExactlyInAnyOrderElementsOf(three.stream().map(Connection::connectionId).toList());
        assertThat(batch.deliveries()).allSatisfy(d -> assertThat(batch.framesOf(d)).containsExactly(frame));
    }

    @Test
    void aNodeThatAnswersWithAnErrorFailsThePushAndItsConnectionsStay() {
        Connection c = connect(nodeUrl());
        status = 500;

        assertThatThrownBy(() -> router.push(List.of(new Push(c.userId(), null, "{\"type\":\"message\"}"))))
                .hasMessageContaining("refused").hasMessageContaining("answered 500: {\"code\":\"INTERNAL\"}");
        assertThat(received).hasSize(1);
        assertThat(connections.ofUsers(List.of(c.userId()))).containsKey(c.userId());
    }

    @Test
    void aNodeThatCannotBeReachedHasItsConnectionsForgotten() throws IOException {
        Connection c = connect(closedPortUrl());

        ConnectionRouter.Outcome outcome = router.push(List.of(new Push(c.userId(), null, "{\"type\":\"message\"}")));

        assertThat(outcome.forgotten()).isEqualTo(1);
        assertThat(outcome.reached()).isEmpty();
        assertThat(connections.ofUsers(List.of(c.userId()))).doesNotContainKey(c.userId());
    }

    @Test
    void aNodeThatTakesTheConnectionButDoesNotAnswerInTimeFailsThePushAndItsConnectionsStay() throws IOException {
        // As a stopped process: the kernel completes the handshake on its listening socket, nobody reads.
        try (ServerSocket stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Connection c = connect("http://127.0.0.1:" + stalled.getLocalPort());

            assertThatThrownBy(() -> router.push(List.of(new Push(c.userId(), null, "{\"type\":\"message\"}"))))
                    .hasMessageContaining("did not answer").hasMessageContaining("timed out");
            assertThat(connections.ofUsers(List.of(c.userId()))).containsKey(c.userId());
        }
    }

    private Connection connect(String callbackUrl) {
        Connection c = new Connection(id('u'), id('d'), id('c'), "node-test", callbackUrl);
        connections.put(c, System.currentTimeMillis(), System.currentTimeMillis() / 1000 + 3600);
        return c;
    }

    private String nodeUrl() {
        return "http://127.0.0.1:" + node.getAddress().getPort();
    }

    private static String closedPortUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    private static String id(char kind) {
        StringBuilder b = new StringBuilder().append(kind);
        ThreadLocalRandom.current().ints(16, 0, 36).forEach(i -> b.append(Character.forDigit(i, 36)));
        return b.toString();
    }
}
