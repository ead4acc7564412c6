package chat.client;

import chat.model.frames.AckedFrame;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cumulative acks, coalesced per conversation into as few frames as a phone's radio can afford: an ack asked for
 * waits up to {@code window} (default {@link #DEFAULT_WINDOW}) for others of the same conversation, and then one
 * frame carries the highest "delivered" and "read" asked for meanwhile — a message shown and read at once costs one
 * frame with both. A conversation has at most one ack in flight and sends at most one frame per window; whatever is
 * asked for while a frame is in flight goes out in the next one. Retryable failures are retried with backoff; while
 * the sender reports {@link NotConnectedException} the acks wait for {@link #flush()}, which also sends at once
 * whatever a window is holding. A window of zero sends each ack as soon as nothing is in flight. Thread-safe.
 */
public final class AckCoalescer {
    /** How long an ack waits for others of its conversation: one frame per 100 ms at most while messages stream. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMillis(100);

    /** Sends one ack frame. */
    @FunctionalInterface
    public interface Sender {
        CompletableFuture<AckedFrame> ack(String conversationId, Long delivered, Long read);
    }

    /** The clock and the delayed tasks the coalescer uses (tests pass a manual one). */
    public interface Timer {
        long nanoTime();

        /** Runs {@code task} after {@code delayNanos}; returns what cancels it. */
        Runnable schedule(Runnable task, long delayNanos);

        /** {@link System#nanoTime()} and {@code scheduler}. */
        static Timer of(ScheduledExecutorService scheduler) {
            Objects.requireNonNull(scheduler);
            return new Timer() {
                @Override
                public long nanoTime() {
                    return System.nanoTime();
                }

                @Override
                public Runnable schedule(Runnable task, long delayNanos) {
                    ScheduledFuture<?> f = scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                    return () -> f.cancel(false);
                }
            };
        }
    }

    private static final System.Logger LOG = System.getLogger(AckCoalescer.class.getName());

    private final Sender sender;
    private final Backoff backoff;
    private final Timer timer;
    private final long windowNanos;
    private final Map<String, State> states = new HashMap<>(); // guarded by this
    private long sent; // guarded by this

    /** Coalesces over {@link #DEFAULT_WINDOW}. */
    public AckCoalescer(Sender sender, Backoff backoff, ScheduledExecutorService scheduler) {
        this(sender, backoff, Timer.of(scheduler), DEFAULT_WINDOW);
    }

    public AckCoalescer(Sender sender, Backoff backoff, Timer timer, Duration window) {
        this.sender = Objects.requireNonNull(sender);
        this.backoff = Objects.requireNonNull(backoff);
        this.timer = Objects.requireNonNull(timer);
        if (window.isNegative()) {
            throw new IllegalArgumentException("negative ack window " + window);
        }
        this.windowNanos = window.toNanos();
    }

    /** Asks for "delivered up to seq" (never moves back). */
    public void delivered(String conversationId, long seq) {
        boolean now;
        synchronized (this) {
            State s = state(conversationId);
            s.wantDelivered = Math.max(s.wantDelivered, seq);
            now = arm(conversationId, s);
        }
        if (now) {
            pump(conversationId);
        }
    }

    /** Asks for "read up to seq" (implies delivered: one frame carries both). */
    public void read(String conversationId, long seq) {
        boolean now;
        synchronized (this) {
            State s = state(conversationId);
            s.wantRead = Math.max(s.wantRead, seq);
            s.wantDelivered = Math.max(s.wantDelivered, seq);
            now = arm(conversationId, s);
        }
        if (now) {
            pump(conversationId);
        }
    }

    /** Sends whatever is outstanding in every conversation now, without waiting for windows (after a reconnect). */
    public void flush() {
        String[] ids;
        synchronized (this) {
            ids = states.keySet().toArray(new String[0]);
        }
        for (String id : ids) {
            pump(id);
        }
    }

    /** The cursors the server confirmed: {delivered, read}. */
    public synchronized long[] acked(String conversationId) {
        State s = states.get(conversationId);
        return s == null ? new long[] {0, 0} : new long[] {s.ackedDelivered, s.ackedRead};
    }

    /** True when every requested ack was confirmed. */
    public synchronized boolean idle() {
        for (State s : states.values()) {
            if (s.inFlight || s.outstanding()) {
                return false;
            }
        }
        return true;
    }

    /** Ack frames sent so far. */
    public synchronized long sent() {
        return sent;
    }

    private State state(String conversationId) {
        return states.computeIfAbsent(Objects.requireNonNull(conversationId), k -> new State());
    }

    /**
     * After a request: starts the conversation's window unless a frame is in flight (its answer arms it) or a
     * window or retry is already waiting. True when the frame should go out at once (a zero window).
     */
    private boolean arm(String conversationId, State s) {
        if (!s.outstanding()) {
            return false;
        }
        if (s.waitingSince == NOT_WAITING) {
            s.waitingSince = timer.nanoTime();
        }
        if (s.inFlight || s.pending != null) {
            return false;
        }
        long delay = s.waitingSince + windowNanos - timer.nanoTime();
        if (delay <= 0) {
            return true;
        }
        s.pending = timer.schedule(() -> pump(conversationId), delay);
        return false;
    }

    private void pump(String conversationId) {
        Long delivered;
        Long read;
        State s;
        synchronized (this) {
            s = states.get(conversationId);
            if (s == null || s.inFlight) {
                return;
            }
            if (s.pending != null) {
                s.pending.run(); // a flush or retry overtakes the window: this frame carries it all
                s.pending = null;
            }
            delivered = s.wantDelivered > s.ackedDelivered ? s.wantDelivered : null;
            read = s.wantRead > s.ackedRead ? s.wantRead : null;
            if (delivered == null && read == null) {
                s.waitingSince = NOT_WAITING;
                return;
            }
            s.inFlight = true;
            s.waitingSince = NOT_WAITING; // what is asked for from now on waits for the next frame
            sent++;
        }
        CompletableFuture<AckedFrame> answer;
        try {
            answer = sender.ack(conversationId, delivered, read);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((acked, error) -> answered(conversationId, s, delivered, read, acked, error));
    }

    private void answered(String conversationId, State s, Long delivered, Long read, AckedFrame acked,
            Throwable error) {
        boolean now = false;
        synchronized (this) {
            s.inFlight = false;
            Throwable cause = error == null ? null : ChatHttpApi.unwrap(error);
            if (cause == null) {
                s.failures = 0;
                s.ackedDelivered = max(s.ackedDelivered, acked.delivered(), delivered);
                s.ackedRead = max(s.ackedRead, acked.read(), read);
                now = rearm(conversationId, s);
            } else if (cause instanceof NotConnectedException) {
                keepWaiting(s); // flush() after the reconnect
            } else if (cause instanceof ChatErrorException ce && !ce.retryable()
                    || cause instanceof chat.model.ChatException) {
                LOG.log(System.Logger.Level.WARNING,
                        "ack for " + conversationId + " refused: " + cause.getMessage());
                s.ackedDelivered = max(s.ackedDelivered, 0, delivered); // give these values up
                s.ackedRead = max(s.ackedRead, 0, read);
                now = rearm(conversationId, s);
            } else {
                keepWaiting(s);
                long delay = backoff.delay(Math.min(s.failures++, 30)).toNanos();
                s.pending = timer.schedule(() -> pump(conversationId), delay);
            }
        }
        if (now) {
            pump(conversationId);
        }
    }

    /** After an answer: what was asked for meanwhile goes out a window after it was first asked for. */
    private boolean rearm(String conversationId, State s) {
        if (!s.outstanding()) {
            s.waitingSince = NOT_WAITING;
            return false;
        }
        return arm(conversationId, s);
    }

    /** A frame that did not go through: its values are outstanding again, waiting since it left. */
    private void keepWaiting(State s) {
        if (s.waitingSince == NOT_WAITING) {
            s.waitingSince = timer.nanoTime();
        }
    }

    private static long max(long a, long b, Long c) {
        return Math.max(Math.max(a, b), c == null ? 0 : c);
    }

    private static final long NOT_WAITING = Long.MIN_VALUE;

    private static final class State {
        long wantDelivered;
        long wantRead;
        long ackedDelivered;
        long ackedRead;
        boolean inFlight;
        int failures;
        /** When the oldest request no frame has carried yet was made; {@link #NOT_WAITING} when there is none. */
        long waitingSince = NOT_WAITING;
        /** Cancels the window or retry that will send the next frame; null when none is armed. */
        Runnable pending;

        boolean outstanding() {
            return wantDelivered > ackedDelivered || wantRead > ackedRead;
        }
    }
}
