package chat.bench;

import chat.client.AckCoalescer;
import chat.client.Backoff;
import chat.client.ChatConnection;
import chat.client.NotConnectedException;
import chat.model.frames.AckedFrame;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The acks of a scenario's receiving devices, sent as the reference client sends them: "delivered up to the
 * contiguous seq" as soon as a message is shown, "read up to it" {@link #READ_AFTER} later (as a user with the
 * conversation open), both through the client's own {@link AckCoalescer} (at most one ack in flight per
 * conversation; what was asked for meanwhile goes out in one ack). With {@link AckMode#NONE} nothing is sent.
 */
final class BenchAcks implements AutoCloseable {
    /** How long after a message is shown its reader reads it. */
    static final Duration READ_AFTER = Duration.ofMillis(500);
    private final AckMode mode;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "bench-acks");
        t.setDaemon(true);
        return t;
    });
    private final List<Receiver> receivers = new CopyOnWriteArrayList<>();

    BenchAcks(AckMode mode) {
        this.mode = mode;
    }

    static BenchAcks of(BenchArgs args) {
        return new BenchAcks(AckMode.of(args));
    }

    /** The acks of one more receiving device; {@link Receiver#connectedTo} once its connection is open. */
    Receiver receiver() {
        Receiver r = new Receiver();
        receivers.add(r);
        return r;
    }

    /**
     * Waits until every read that is due was asked for and the server confirmed every ack, so that the acks of the
     * measured messages fall into the measured interval; gives up after {@code limit} (a saturated system may lag:
     * {@code acksConfirmed} then says so rather than failing the run).
     */
    void awaitSettled(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!settled() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private boolean settled() {
        return receivers.stream().allMatch(Receiver::settled);
    }

    /**
     * {@code acks} (the mode), {@code ackFrames} (sent by all receivers) and {@code acksConfirmed}: whether the server
     * confirmed, for every conversation each receiver showed, delivered and read up to the last seq it showed.
     */
    Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("acks", mode.word());
        f.put("ackFrames", receivers.stream().mapToLong(Receiver::framesSent).sum());
        if (mode == AckMode.CLIENT) {
            f.put("acksConfirmed", receivers.stream().allMatch(Receiver::confirmedAll));
        }
        return f;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** One receiving device's acks. */
    final class Receiver {
        private final AckCoalescer coalescer;
        private volatile ChatConnection connection;
        /** Per conversation, the highest seq shown; a read is pending while the entry is in {@link #readDue}. */
        private final Map<String, Long> shownUpTo = new ConcurrentHashMap<>();
        private final Map<String, Boolean> readDue = new ConcurrentHashMap<>();

        private Receiver() {
            this.coalescer = new AckCoalescer(this::send, Backoff.defaults(), scheduler);
        }

        void connectedTo(ChatConnection c) {
            this.connection = c;
            coalescer.flush();
        }

        /** Messages up to {@code upTo} are shown, with nothing missing before. */
        void shown(String conversationId, long upTo) {
            if (mode == AckMode.NONE) {
                return;
            }
            shownUpTo.merge(conversationId, upTo, Math::max);
            coalescer.delivered(conversationId, upTo);
            if (readDue.putIfAbsent(conversationId, Boolean.TRUE) == null) {
                scheduler.schedule(() -> {
                    readDue.remove(conversationId);
                    coalescer.read(conversationId, shownUpTo.get(conversationId));
                }, READ_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private CompletableFuture<AckedFrame> send(String conversationId, Long delivered,
                Long read) {
            ChatConnection c = connection;
            return c == null ? CompletableFuture.failedFuture(new NotConnectedException("not connected yet"))
                    : c.ack(conversationId, delivered, read);
        }

        long framesSent() {
            return coalescer.sent();
        }

        private boolean settled() {
            return readDue.isEmpty() && coalescer.idle();
        }

        private boolean confirmedAll() {
            return shownUpTo.entrySet().stream().allMatch(e -> {
                long[] acked = coalescer.acked(e.getKey());
                return acked[0] >= e.getValue() && acked[1] >= e.getValue();
            });
        }
    }
}
