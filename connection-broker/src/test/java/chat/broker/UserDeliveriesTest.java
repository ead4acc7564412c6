package chat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.frames.FrameCodec;
import chat.model.internal.DeliveryBatch;
import chat.model.internal.DeliveryResult;
import chat.model.internal.InternalApi;
import chat.model.internal.ReachedDevice;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Group frames addressed by user, through the real delivery callback on the internal port: the node pushes to the
 * connections it holds of those users (sockets stood in for, recording what they are sent) and answers which
 * devices it reached.
 */
@QuarkusTest
class UserDeliveriesTest {
    private static final String KEY = "local-dev-internal-key-change-me";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @Inject
    InternalPort internalPort;
    @Inject
    HeldConnections held;

    @Test
    void theNodeAnswersWhichDevicesOfTheNamedUsersItReached() throws Exception {
        String alice = user();
        String bob = user();
        Socket phone = hold(alice, "dphone");
        Socket laptop = hold(alice, "dlaptop");
        Socket bobs = hold(bob, "dbob");

        DeliveryResult result = deliver(DeliveryBatch.builder().pushToUser(alice, "dlaptop", "A")
                .pushToUser(bob, null, "A").pushToUser(user(), null, "A").build());

        assertThat(result.reached()).containsExactlyInAnyOrder(new ReachedDevice(alice, "dphone"),
                new ReachedDevice(bob, "dbob"));
        assertThat(phone.sent).containsExactly("A");
        assertThat(laptop.sent).isEmpty();
        assertThat(bobs.sent).containsExactly("A");
    }

    @Test
    void aConnectionIsNotReachedByUserBeforeItIsAddressable() throws Exception {
        String alice = user();
        Socket early = new Socket();
        held.opened(early.connection, alice, "dphone"); // registered, hello not yet sent

        DeliveryResult result = deliver(DeliveryBatch.builder().pushToUser(alice, null, "A").build());

        assertThat(result.reached()).isEmpty();
        assertThat(early.sent).isEmpty();
    }

    @Test
    void aClosedConnectionIsNoLongerReachedByUser() throws Exception {
        String alice = user();
        Socket phone = hold(alice, "dphone");
        held.closed(phone.connection);

        DeliveryResult result = deliver(DeliveryBatch.builder().pushToUser(alice, null, "A").build());

        assertThat(result.reached()).isEmpty();
        assertThat(phone.sent).isEmpty();
    }

    private Socket hold(String userId, String deviceId) {
        Socket s = new Socket();
        held.opened(s.connection, userId, deviceId);
        held.addressable(s.connection);
        return s;
    }

    private DeliveryResult deliver(DeliveryBatch batch) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + internalPort.port() + InternalApi.DELIVERIES_PATH))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header(InternalApi.KEY_HEADER, KEY)
                .POST(HttpRequest.BodyPublishers.ofString(FrameCodec.mapper().writeValueAsString(batch))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return FrameCodec.mapper().readValue(answer.body(), DeliveryResult.class);
    }

    private static String user() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Just enough of a WebSocketConnection: an id, open, and the texts it is sent. */
    private static final class Socket {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final DeviceLink connection;

        Socket() {
            String id = UUID.randomUUID().toString();
            connection = new SocketLink((WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {WebSocketConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "id" -> id;
                        case "isClosed" -> false;
                        case "sendText" -> {
                            sent.add(String.valueOf(args[0]));
                            yield Uni.createFrom().voidItem();
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "socket " + id;
                        default -> throw new UnsupportedOperationException(method.getName());
                    }));
        }
    }
}
