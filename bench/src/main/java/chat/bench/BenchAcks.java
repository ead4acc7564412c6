package chat.bench;

import chat.client.AckCoalescer;
import chat.client.AutoAck;
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
 * The acks of a scenario's receiving devices, sent exactly as the reference client sends them: when messages become
 * showable, the client's {@link AutoAck} policy for the mode (with {@link AckMode#CLIENT}, "delivered and read up to
 * the contiguous seq", a user with the conversation open) asks the client's own {@link AckCoalescer}, which holds
 * each conversation's acks for its window ({@code --ack-window-ms}, default the client's 100 ms) and sends one frame
 * carrying them all, at most one in flight. With {@link AckMode#NONE} nothing is sent.
 */
final class BenchAcks implements AutoCloseable {
    private final AckMode mode;
    private final Duration window;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "bench-acks");
        t.setDaemon(true);
        return t;
    });
    private final List<Receiver> receivers = new CopyOnWriteArrayList<>();

    BenchAcks(AckMode mode) {
        this(mode, AckCoalescer.DEFAULT_WINDOW);
    }

    BenchAcks(AckMode mode, Duration window) {
        this.mode = mode;
        this.window = window;
    }

    static BenchAcks of(BenchArgs args) {
        int ms = args.integer(AckMode.WINDOW_OPTION, (int) AckCoalescer.DEFAULT_WINDOW.toMillis());
        if (ms < 0) {
            throw new IllegalArgumentException("--" + AckMode.WINDOW_OPTION + " must be >= 0");
        }
        return new BenchAcks(AckMode.of(args), Duration.ofMillis(ms));
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

    /** Ack frames all receivers have sent so far: a measured interval takes the difference. */
    long framesSent() {
        return receivers.stream().mapToLong(Receiver::framesSent).sum();
    }

    /**
     * {@code acks} (the mode), {@code ackWindowMs}, {@code ackFrames} (sent by all receivers over the whole run) and
     * {@code acksConfirmed}: whether the server confirmed, for every conversation each receiver showed, what the mode
     * acks up to the last seq it showed.
     */
    Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("acks", mode.word());
        if (mode != AckMode.NONE) {
            f.put("ackWindowMs", window.toMillis());
        }
        f.put("ackFrames", framesSent());
        if (mode != AckMode.NONE) {
            f.put("acksConfirmed", receivers.stream().allMatch(Receiver::confirmedAll));
        }
        return f;
    }

    /**
     * The figures plus the frames of a measured interval: {@code measuredAckFrames} since {@code framesAtStart} and
     * {@code ackFramesPerMessage} over {@code messages}.
     */
    Map<String, Object> figures(long framesAtStart, long messages) {
        Map<String, Object> f = figures();
        long frames = framesSent() - framesAtStart;
        f.put("measuredAckFrames", frames);
        f.put("ackFramesPerMessage", messages < 1 ? 0.0 : AwsCalls.round((double) frames / messages));
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
        /** Per conversation, the highest seq shown. */
        private final Map<String, Long> shownUpTo = new ConcurrentHashMap<>();

        private Receiver() {
            this.coalescer = new AckCoalescer(this::send, Backoff.defaults(), AckCoalescer.Timer.of(scheduler),
                    window);
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
            mode.policy().shown(coalescer, conversationId, upTo);
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
            return coalescer.idle();
        }

        private boolean confirmedAll() {
            return shownUpTo.entrySet().stream().allMatch(e -> {
                long[] acked = coalescer.acked(e.getKey());
                return acked[0] >= e.getValue() && (mode != AckMode.CLIENT || acked[1] >= e.getValue());
            });
        }
    }
}
