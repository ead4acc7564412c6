package chat.broker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /q/health/ready}) is DOWN from the start of a drain, so a load balancer stops sending new clients
 * here before the sockets close. Also says how many connections the node holds.
 */
@ApplicationScoped
@Readiness
public class DrainReadiness implements HealthCheck {
    private final Drain drain;
    private final HeldConnections held;

    public DrainReadiness(Drain drain, HeldConnections held) {
        this.drain = drain;
        this.held = held;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("accepting-connections").status(!drain.draining())
                .withData("connections", held.size()).build();
    }
}
