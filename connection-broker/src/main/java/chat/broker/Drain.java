package chat.broker;

import chat.model.CloseCodes;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The graceful drain on SIGTERM. From its start the node admits no connection ({@link DrainingUpgradeCheck} refuses
 * upgrades, {@link DrainReadiness} is DOWN); it closes every held connection (socket or poll session) with 1001 and waits until each close has been reported to
 * the functions (so the store no longer points any device at this node), at most {@code chat.broker.drain-timeout}.
 * It runs in Quarkus's pre-shutdown phase ({@code quarkus.shutdown.delay-enabled}), while the HTTP server, the
 * sockets and the functions client are all still up; Quarkus stops once it returns.
 */
@ApplicationScoped
public class Drain {
    private static final Logger LOG = Logger.getLogger(Drain.class);
    private static final CloseReason GOING_AWAY = new CloseReason(CloseCodes.GOING_AWAY, "broker shutting down");
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private final HeldConnections held;
    private final long timeoutNanos;
    private final LongSupplier nanoClock = System::nanoTime;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger closesInFlight = new AtomicInteger();

    public Drain(HeldConnections held, BrokerConfig config) {
        this.held = held;
        this.timeoutNanos = config.broker().drainTimeout().toNanos();
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    public boolean draining() {
        return draining.get();
    }

    /** A close being reported to the functions: the drain waits for it. */
    public Uni<Void> reporting(Uni<Void> report) {
        return Uni.createFrom().deferred(() -> {
            closesInFlight.incrementAndGet();
            return report.onTermination().invoke(closesInFlight::decrementAndGet);
        });
    }

    /** Closes a connection that must not stay on a draining node. */
    public static Uni<Void> close(DeviceLink connection) {
        return connection.close(GOING_AWAY);
    }

    /** Blocks the shutdown thread (never an event loop) until drained or timed out. */
    void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        long start = nanoClock.getAsLong();
        int count = held.size();
        LOG.infof("draining: closing %d connections with %d (at most %d ms)", count, CloseCodes.GOING_AWAY,
                TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        for (DeviceLink c : held.all()) {
            close(c).subscribe().with(v -> { }, e -> LOG.debugf("close of %s failed: %s", c.id(), e.toString()));
        }
        while ((held.size() > 0 || closesInFlight.get() > 0) && nanoClock.getAsLong() - start < timeoutNanos) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start);
        if (held.size() > 0 || closesInFlight.get() > 0) {
            LOG.warnf("drain timed out after %d ms: %d connections still open, %d closes not reported; the "
                    + "functions' reaper forgets them", millis, held.size(), closesInFlight.get());
        } else {
            LOG.infof("drained %d connections in %d ms", count, millis);
        }
    }
}
