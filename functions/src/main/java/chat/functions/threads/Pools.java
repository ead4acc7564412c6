package chat.functions.threads;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The one owner of the functions' own threads: one pool per purpose, created here and stopped here, in
 * {@link ShutdownOrder#STOP_POOLS}, after everything that submits to them has stopped.
 *
 * <p>Why not Quarkus's worker pool (the {@code ManagedExecutor} that {@code AfterCall} uses): request handlers run on
 * it and block until their broker calls and parallel writes are done. Were those tasks queued on the same bounded
 * pool, a burst of requests could take every worker and wait for tasks that no worker is left to run. The receive
 * loops, which never end, would hold workers for good. So each purpose has its own pool, and none of them is a
 * Vert.x event loop: the blocking DynamoDB and HTTP calls made on them block nobody else.
 */
@Singleton
public class Pools {
    private static final Logger LOG = Logger.getLogger(Pools.class);
    /** How long tasks still queued or running get once no new ones are taken. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** Independent DynamoDB writes of one fan-out batch or membership change, side by side. */
    private static final int STORE_WRITE_THREADS = 32;
    /** The 100-key chunks of one BatchGetItem over more keys. */
    private static final int BATCH_GET_THREADS = 8;

    private final ExecutorService brokerCalls = Executors.newCachedThreadPool(named("broker-callback"));
    private final ExecutorService storeWrites = Executors.newFixedThreadPool(STORE_WRITE_THREADS,
            named("fanout-write"));
    private final ExecutorService batchGets = Executors.newFixedThreadPool(BATCH_GET_THREADS, named("batch-get"));
    private final ExecutorService queueReceivers = Executors.newCachedThreadPool(named("queue-receiver"));
    private final ScheduledExecutorService publishTimer = Executors.newSingleThreadScheduledExecutor(
            named("fanout-publisher"));

    /**
     * Blocking HTTP calls to broker nodes, and what their callers chain onto them. Unbounded like the JDK client's own
     * pool: a thread per call in flight; idle threads end after a minute.
     */
    public ExecutorService brokerCalls() {
        return brokerCalls;
    }

    /** {@link #STORE_WRITE_THREADS} threads for independent DynamoDB writes run side by side. */
    public ExecutorService storeWrites() {
        return storeWrites;
    }

    /** {@link #BATCH_GET_THREADS} threads for the chunks of large batch reads. */
    public ExecutorService batchGets() {
        return batchGets;
    }

    /** The queue consumers' long-poll loops: a thread per loop, for as long as the consumer runs. */
    public ExecutorService queueReceivers() {
        return queueReceivers;
    }

    /** The timer of the fan-out publisher's batching (it only schedules; the sends are asynchronous). */
    public ScheduledExecutorService publishTimer() {
        return publishTimer;
    }

    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(ShutdownOrder.STOP_POOLS) ShutdownEvent e) {
        close();
    }

    /** Last step of {@link ShutdownOrder}; outside CDI, the owner calls it. */
    public void close() {
        // Receive loops may be parked in a long poll whose answer nobody will handle now.
        queueReceivers.shutdownNow();
        List<ExecutorService> rest = List.of(storeWrites, batchGets, brokerCalls, publishTimer);
        rest.forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ExecutorService pool : rest) {
            try {
                if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warnf("a pool still had tasks after %d ms; they are dropped", GRACE.toMillis());
                    pool.shutdownNow();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
            }
        }
    }

    /** Daemon threads: a task that outlives shutdown must not keep the JVM alive. */
    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
