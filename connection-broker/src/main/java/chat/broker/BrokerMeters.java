package chat.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The broker's own meters (websockets-next, HTTP and JVM ones come from the framework). No tag carries a user,
 * device or connection id. Scraped at {@code /q/metrics} on the private port only (see {@link InternalPort}).
 */
@ApplicationScoped
public class BrokerMeters {
    private final Counter rateLimited;
    private final DistributionSummary framesPerCallback;
    private final Counter shed;

    public BrokerMeters(MeterRegistry registry, HeldConnections connections, FrameAdmission admission) {
        Gauge.builder("chat.broker.frames.in.flight", admission, FrameAdmission::inFlight)
                .description("Client frames handed to the functions and not yet answered (admission control)")
                .register(registry);
        this.shed = Counter.builder("chat.broker.frames.shed")
                .description("Frames refused with UNAVAILABLE because too many were waiting for the functions")
                .register(registry);
        Gauge.builder("chat.broker.connections", connections, HeldConnections::size)
                .description("Client WebSocket connections this node holds").register(registry);
        this.rateLimited = Counter.builder("chat.broker.rate.limited")
                .description("Frames refused with RATE_LIMITED (the device's frame rate was exceeded)")
                .register(registry);
        this.framesPerCallback = DistributionSummary.builder("chat.broker.callback.frames")
                .description("Frames written to client connections by one delivery callback")
                .baseUnit("frames").register(registry);
    }

    void rateLimited() {
        rateLimited.increment();
    }

    void shed() {
        shed.increment();
    }

    void delivered(int frames) {
        framesPerCallback.record(frames);
    }
}
