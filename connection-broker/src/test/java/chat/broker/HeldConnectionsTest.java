package chat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.websockets.next.WebSocketConnection;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HeldConnectionsTest {
    private final HeldConnections held = new HeldConnections();

    @Test
    void anOpenedConnectionIsFoundByItsId() {
        DeviceLink c = new Socket("c1").connection;
        held.opened(c);
        assertThat(held.find("c1")).containsSame(c);
        assertThat(held.find("c2")).isEmpty();
    }

    @Test
    void aClosedConnectionLeavesNoEntry() {
        Socket c = new Socket("c1");
        held.opened(c.connection);
        c.close();
        held.closed(c.connection);
        assertThat(held.find("c1")).isEmpty();
        assertThat(held.size()).isZero();
        assertThat(held.all()).isEmpty();
    }

    @Test
    void aConnectionClosedButNotYetRemovedIsNotFound() {
        Socket c = new Socket("c1");
        held.opened(c.connection);
        c.close(); // the socket is closed; its close handler has not run yet
        assertThat(held.find("c1")).isEmpty();
    }

    @Test
    void aDisplacedConnectionLeavesNoEntryAndItsSuccessorStays() {
        Socket old = new Socket("old");
        Socket newer = new Socket("new");
        held.opened(old.connection);
        held.opened(newer.connection); // the same device again, on this node: the functions displace the old one
        old.close();
        held.closed(old.connection);
        assertThat(held.find("old")).isEmpty();
        assertThat(held.find("new")).containsSame(newer.connection);
        assertThat(held.all()).containsExactly(newer.connection);
    }

    @Test
    void aCloseOfAnotherConnectionUnderTheSameIdRemovesNothing() {
        Socket held1 = new Socket("c1");
        held.opened(held1.connection);
        held.closed(new Socket("c1").connection);
        assertThat(held.find("c1")).containsSame(held1.connection);
    }

    /** Just enough of a WebSocketConnection for the map: its id and whether it is closed. */
    private static final class Socket {
        final AtomicBoolean closed = new AtomicBoolean();
        final DeviceLink connection;

        Socket(String id) {
            connection = new SocketLink((WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {WebSocketConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "id" -> id;
                        case "isClosed" -> closed.get();
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "socket " + id;
                        default -> throw new UnsupportedOperationException(method.getName());
                    }));
        }

        void close() {
            closed.set(true);
        }
    }
}
