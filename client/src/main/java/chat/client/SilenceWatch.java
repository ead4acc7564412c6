package chat.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * Notices a connection that went quiet without ending: a NAT or proxy that forgot it, a phone that changed networks,
 * or an end of stream that the JDK's WebSocket lost. (The JDK drops an end of stream that arrives while the listener
 * is still handling the message before it: its {@code TransportImpl.acknowledgeReception} throws on the selector thread
 * and {@code onClose} never comes, so the socket sits in CLOSE_WAIT forever.)
 *
 * <p>The broker pings every {@code heartbeatSeconds} of the hello. After {@code limit} without hearing anything (a
 * frame, a ping or a pong) the watch pings the server itself; when as long again passes without a word, it gives the
 * connection up. A live connection therefore costs no extra traffic: the broker's own pings keep the watch quiet.
 */
final class SilenceWatch {
    /** What the watch does to its connection (on the timer's thread). */
    interface Actions {
        void ping();

        void giveUp(Duration silent);
    }

    private final AckCoalescer.Timer timer;
    private final Actions actions;
    private volatile long limitNanos;
    private volatile long lastHeard;
    private boolean pinged; // guarded by this
    private boolean stopped; // guarded by this
    private Runnable cancelNext; // guarded by this

    SilenceWatch(AckCoalescer.Timer timer, Duration limit, Actions actions) {
        this.timer = Objects.requireNonNull(timer);
        this.actions = Objects.requireNonNull(actions);
        this.limitNanos = positive(limit).toNanos();
        this.lastHeard = timer.nanoTime();
    }

    /** Starts the checks; the silence counts from now. */
    synchronized void start() {
        lastHeard = timer.nanoTime();
        scheduleCheck();
    }

    /** Something arrived from the server. Cheap: called for every fragment. */
    void heard() {
        lastHeard = timer.nanoTime();
    }

    /** A new limit, e.g. derived from the hello's heartbeat; applies from the next check on. */
    void limit(Duration limit) {
        limitNanos = positive(limit).toNanos();
    }

    synchronized void stop() {
        stopped = true;
        if (cancelNext != null) {
            cancelNext.run();
            cancelNext = null;
        }
    }

    private void check() {
        boolean ping = false;
        Duration gaveUp = null;
        synchronized (this) {
            if (stopped) {
                return;
            }
            long silent = timer.nanoTime() - lastHeard;
            if (silent < limitNanos) {
                pinged = false;
            } else if (!pinged) {
                pinged = true;
                ping = true;
            } else if (silent >= 2 * limitNanos) {
                stopped = true;
                gaveUp = Duration.ofNanos(silent);
            }
            if (!stopped) {
                scheduleCheck();
            }
        }
        if (ping) {
            actions.ping();
        } else if (gaveUp != null) {
            actions.giveUp(gaveUp);
        }
    }

    /** Checks four times per limit, so a silence is acted on at most a quarter of the limit late. */
    private void scheduleCheck() {
        try {
            cancelNext = timer.schedule(this::check, Math.max(1, limitNanos / 4));
        } catch (RejectedExecutionException e) {
            stopped = true; // the connection's owner shut its executors down: the connection is over
        }
    }

    private static Duration positive(Duration limit) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the silence limit must be positive");
        }
        return limit;
    }
}
