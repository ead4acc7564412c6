package chat.client;

import chat.model.frames.AckedFrame;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cumulative acks, coalesced: at most one ack in flight per conversation; whatever was asked for meanwhile goes out
 * in one ack when it returns. Retryable failures are retried with backoff; while the sender reports
 * {@link NotConnectedException} the acks wait for {@link #flush()}. Thread-safe.
 */
public final class AckCoalescer {
    /** Sends one ack frame. */
    @FunctionalInterface
    public interface Sender {
        CompletableFuture<AckedFrame> ack(String conversationId, Long delivered, Long read);
    }

    private static final System.Logger LOG = System.getLogger(AckCoalescer.class.getName());

    private final Sender sender;
    private final Backoff backoff;
    private final ScheduledExecutorService scheduler;
    private final Map<String, State> states = new HashMap<>(); // guarded by this
    private long sent; // guarded by this

    public AckCoalescer(Sender sender, Backoff backoff, ScheduledExecutorService scheduler) {
        this.sender = Objects.requireNonNull(sender);
        this.backoff = Objects.requireNonNull(backoff);
        this.scheduler = Objects.requireNonNull(scheduler);
    }

    /** Asks for "delivered up to seq" (never moves back). */
    public void delivered(String conversationId, long seq) {
        synchronized (this) {
            State s = state(conversationId);
            s.wantDelivered = Math.max(s.wantDelivered, seq);
        }
        pump(conversationId);
    }

    /** Asks for "read up to seq" (implies delivered). */
    public void read(String conversationId, long seq) {
        synchronized (this) {
            State s = state(conversationId);
            s.wantRead = Math.max(s.wantRead, seq);
            s.wantDelivered = Math.max(s.wantDelivered, seq);
        }
        pump(conversationId);
    }

    /** Sends whatever is outstanding in every conversation (after a reconnect). */
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
            if (s.inFlight || s.wantDelivered > s.ackedDelivered || s.wantRead > s.ackedRead) {
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

    private void pump(String conversationId) {
        Long delivered;
        Long read;
        State s;
        synchronized (this) {
            s = states.get(conversationId);
            if (s == null || s.inFlight) {
                return;
            }
            delivered = s.wantDelivered > s.ackedDelivered ? s.wantDelivered : null;
            read = s.wantRead > s.ackedRead ? s.wantRead : null;
            if (delivered == null && read == null) {
                return;
            }
            if (s.retry != null) {
                s.retry.cancel(false);
                s.retry = null;
            }
            s.inFlight = true;
            sent++;
        }
        CompletableFuture<AckedFrame> answer;
        try {
            answer = sender.ack(conversationId, delivered, read);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((acked, error) -> {
            boolean again;
            synchronized (this) {
                s.inFlight = false;
                Throwable cause = error == null ? null : ChatHttpApi.unwrap(error);
                if (cause == null) {
                    s.failures = 0;
                    s.ackedDelivered = max(s.ackedDelivered, acked.delivered(), delivered);
                    s.ackedRead = max(s.ackedRead, acked.read(), read);
                    again = true;
                } else if (cause instanceof NotConnectedException) {
                    again = false; // flush() after the reconnect
                } else if (cause instanceof ChatErrorException ce && !ce.retryable()
                        || cause instanceof chat.model.ChatException) {
                    LOG.log(System.Logger.Level.WARNING,
                            "ack for " + conversationId + " refused: " + cause.getMessage());
                    s.ackedDelivered = max(s.ackedDelivered, 0, delivered); // give these values up
                    s.ackedRead = max(s.ackedRead, 0, read);
                    again = true;
                } else {
                    long delay = backoff.delay(Math.min(s.failures++, 30)).toMillis();
                    s.retry = scheduler.schedule(() -> pump(conversationId), delay, TimeUnit.MILLISECONDS);
                    again = false;
                }
            }
            if (again) {
                pump(conversationId);
            }
        });
    }

    private static long max(long a, long b, Long c) {
        return Math.max(Math.max(a, b), c == null ? 0 : c);
    }

    private static final class State {
        long wantDelivered;
        long wantRead;
        long ackedDelivered;
        long ackedRead;
        boolean inFlight;
        int failures;
        ScheduledFuture<?> retry;
    }
}
