package chat.broker;

import chat.model.CloseCodes;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps connections honest: pings every connection on a schedule and closes the ones that have shown no sign of
 * life (pong or frame) within the timeout, so a vanished device is not counted as online for long.
 */
@ApplicationScoped
public class Heartbeats {
    private static final Buffer PING = Buffer.buffer("hb");
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final OpenConnections connections;
    private final long timeoutMillis;
    private final Clock clock = Clock.systemUTC();

    public Heartbeats(OpenConnections connections, BrokerConfig config) {
        this.connections = connections;
        this.timeoutMillis = config.broker().heartbeatTimeout().toMillis();
    }

    public void alive(String connectionId) {
        lastSeen.put(connectionId, clock.millis());
    }

    public void gone(String connectionId) {
        lastSeen.remove(connectionId);
    }

    @Scheduled(every = "${chat.broker.heartbeat-interval:PT20S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long now = clock.millis();
        for (WebSocketConnection c : connections) {
            Long seen = lastSeen.get(c.id());
            if (seen != null && now - seen > timeoutMillis) {
                c.close(new CloseReason(CloseCodes.HEARTBEAT_TIMEOUT, "no pong")).subscribe().with(v -> { }, e -> { });
            } else {
                c.sendPing(PING).subscribe().with(v -> { }, e -> { });
            }
        }
    }
}
