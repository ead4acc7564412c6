package chat.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads of one device (or of one stand-alone connection): created by their owner, handed to what it builds
 * (its connections, outbox and ack coalescer), and shut down by the owner alone when it closes.
 *
 * <p>{@link #scheduler()} is the owner's event loop and runs every timer; {@link #events()} runs the connections'
 * frame dispatch (each connection keeps its own tasks in order through a {@link SerialRunner}). A stand-alone
 * connection uses one thread for both.
 */
final class ClientExecutors {
    /** How long {@link #shutdown()} waits for each executor; a listener that blocks longer is left behind. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);

    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService events;
    /** End-to-end work that blocks (key directory, members, envelopes before a send): one thread, in order. */
    private final ExecutorService crypto;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    private ClientExecutors(String schedulerName, String eventsName) {
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> thread(r, schedulerName));
        // Cancelled and still-pending timers must not keep the thread alive after the owner closed.
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.events = eventsName == null ? scheduler
                : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                        r -> thread(r, eventsName));
        this.crypto = eventsName == null ? null
                : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                        r -> thread(r, schedulerName + "-crypto"));
    }

    /** A device's: its event loop and timers on one thread, its connections' dispatch on another. */
    static ClientExecutors forDevice(String name) {
        return new ClientExecutors("chat-device-" + name, "chat-device-" + name + "-conn");
    }

    /** A stand-alone connection's: one thread for its timers and its dispatch. */
    static ClientExecutors single(String name) {
        return new ClientExecutors(name, null);
    }

    private Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Executor events() {
        return events;
    }

    /** A device's crypto thread (absent for a stand-alone connection). */
    ExecutorService crypto() {
        return crypto;
    }

    /** Whether the caller runs on one of these threads (then waiting for them would wait for itself). */
    boolean isOwnThread() {
        return threads.contains(Thread.currentThread());
    }

    /**
     * Stops in order: the crypto thread first (interrupted), then the events executor (what is queued still runs: the last close and failure callbacks),
     * then the scheduler (pending timers are dropped). Each wait is bounded by {@link #SHUTDOWN_WAIT}, and skipped
     * when called from one of these threads.
     */
    void shutdown() {
        boolean wait = !isOwnThread();
        if (crypto != null) {
            crypto.shutdownNow(); // a seal in progress fails; its message stays pending in the store
            if (wait) {
                await(crypto);
            }
        }
        if (events != scheduler) {
            events.shutdown();
            if (wait) {
                await(events);
            }
        }
        scheduler.shutdown();
        if (wait) {
            await(scheduler);
        }
    }

    private static void await(ExecutorService executor) {
        try {
            executor.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
