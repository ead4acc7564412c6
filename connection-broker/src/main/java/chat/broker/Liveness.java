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
 * Tells the functions tier this broker instance is alive, every {@code chat.broker.liveness-interval}. Until the
 * first heartbeat is accepted the node is not ready: its connections would not count as online yet. Non-blocking:
 * the call is asynchronous and a missed beat is retried on the next one-second tick.
 */
@ApplicationScoped
@Readiness
public class Liveness implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(Liveness.class);
    private final Functions functions;
    private final NodeIdentity node;
    private final long intervalMillis;
    private final AtomicLong lastBeat = new AtomicLong();
    private final AtomicBoolean inFlight = new AtomicBoolean();

    public Liveness(Functions functions, NodeIdentity node, BrokerConfig config) {
        this.functions = functions;
        this.node = node;
        this.intervalMillis = config.broker().livenessInterval().toMillis();
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
                    inFlight.set(false);
                }, e -> {
                    LOG.debugf("heartbeat failed (retrying): %s", e.toString());
                    inFlight.set(false);
                });
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("functions-heartbeat").status(lastBeat.get() > 0).build();
    }
}
