package chat.broker;

import chat.model.internal.BrokerHeartbeat;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Tells the functions tier this broker instance is alive, every {@code chat.broker.liveness-interval}. The node is
 * not ready, and refuses upgrades ({@link RoutesSettledUpgradeCheck}), until {@code chat.broker.routes-settle} after
 * its first heartbeat was accepted: group fan-out sends each frame to the nodes in a briefly cached copy of the
 * brokers table, and a copy read before this node registered must have expired before a device can connect here.
 * Non-blocking: the call is asynchronous and a missed beat is retried on the next one-second tick.
 */
@ApplicationScoped
@Readiness
public class Liveness implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(Liveness.class);
    private final FunctionsClient functions;
    private final NodeIdentity node;
    private final long intervalMillis;
    private final long settleMillis;
    private final AtomicLong lastBeat = new AtomicLong();
    /** When the first heartbeat was accepted (after the answer, so the registration is stored by then); 0 before. */
    private final AtomicLong registeredAt = new AtomicLong();
    private final AtomicBoolean inFlight = new AtomicBoolean();

    public Liveness(FunctionsClient functions, NodeIdentity node, BrokerConfig config) {
        this.functions = functions;
        this.node = node;
        this.intervalMillis = config.broker().livenessInterval().toMillis();
        this.settleMillis = config.broker().routesSettle().toMillis();
    }

    /** Whether this node is known to every cached copy of the brokers table a fan-out may use. */
    public boolean routesSettled() {
        long at = registeredAt.get();
        return at > 0 && System.currentTimeMillis() - at >= settleMillis;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        long now = System.currentTimeMillis();
        if (now - lastBeat.get() < intervalMillis || !inFlight.compareAndSet(false, true)) {
            return;
        }
        functions.heartbeat(new BrokerHeartbeat(node.instanceId(), node.callbackUrl()))
                .subscribe().with(v -> {
                    lastBeat.set(now);
                    registeredAt.compareAndSet(0, System.currentTimeMillis());
                    inFlight.set(false);
                }, e -> {
                    LOG.debugf("heartbeat failed (retrying): %s", e.toString());
                    inFlight.set(false);
                });
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("functions-heartbeat").status(routesSettled()).build();
    }
}
