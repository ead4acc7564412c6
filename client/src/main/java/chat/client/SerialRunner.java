package chat.client;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs tasks one at a time, in submission order, on any executor (tasks never overlap). */
final class SerialRunner {
    private static final System.Logger LOG = System.getLogger(SerialRunner.class.getName());

    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean stopped;

    SerialRunner(Executor executor) {
        this.executor = Objects.requireNonNull(executor);
    }

    /** Queues a task; ignored once {@link #stop()} was called. */
    void run(Runnable task) {
        if (stopped) {
            return;
        }
        queue.add(task);
        schedule();
    }

    /** Takes no more tasks; those already queued still run (as after {@code ExecutorService.shutdown()}). */
    void stop() {
        stopped = true;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                queue.clear(); // the owner shut down
            }
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = queue.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "callback failed", e);
                }
            }
        } finally {
            scheduled.set(false);
            if (!queue.isEmpty()) {
                schedule();
            }
        }
    }
}
