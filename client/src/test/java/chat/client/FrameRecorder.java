package chat.client;

import chat.model.frames.ServerFrame;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Test side: keeps every frame a connection received, in arrival order, so a test can wait for the one it expects.
 * Frames reach it after the connection's listeners. Shared with src-test through the client's test-jar.
 */
public final class FrameRecorder implements FrameTap {
    public static final int DEFAULT_MAX_FRAMES = 100_000;

    private final int maxFrames;
    private final LinkedBlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    private final Object signal = new Object();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile String lastUndecodable;

    public FrameRecorder() {
        this(DEFAULT_MAX_FRAMES);
    }

    /** Drops the oldest frame beyond {@code maxFrames}. */
    public FrameRecorder(int maxFrames) {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be positive");
        }
        this.maxFrames = maxFrames;
    }

    /** Default options with a fresh recorder. */
    public static ConnectionOptions options() {
        return ConnectionOptions.defaults().withTap(new FrameRecorder());
    }

    /** {@link ChatConnection#open(URI, String, Duration)} with a fresh recorder: read it with {@link #of}. */
    public static CompletableFuture<ChatConnection> open(URI ws, String bearer, Duration timeout) {
        return ChatConnection.open(ws, bearer, timeout, options());
    }

    /** The recorder a connection was opened with. */
    public static FrameRecorder of(ChatConnection connection) {
        if (connection.options().tap() instanceof FrameRecorder r) {
            return r;
        }
        throw new IllegalStateException(connection + " was opened without a FrameRecorder");
    }

    @Override
    public void onFrame(ServerFrame frame) {
        synchronized (signal) {
            frames.add(frame);
            while (frames.size() > maxFrames) {
                frames.poll();
            }
            signal.notifyAll();
        }
    }

    @Override
    public void onUndecodable(String text, RuntimeException error) {
        undecodable.incrementAndGet();
        lastUndecodable = text;
    }

    /** Every frame received, in arrival order (those {@link #awaitFrame} took excepted). */
    public BlockingQueue<ServerFrame> frames() {
        return frames;
    }

    /**
     * Waits for, removes and returns the first recorded frame of the given type that matches; frames before it stay
     * queued. Returns null on timeout.
     */
    public <T extends ServerFrame> T awaitFrame(Class<T> type, Predicate<? super T> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            while (true) {
                for (Iterator<ServerFrame> it = frames.iterator(); it.hasNext(); ) {
                    ServerFrame f = it.next();
                    if (type.isInstance(f) && match.test(type.cast(f))) {
                        it.remove();
                        return type.cast(f);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
        }
    }

    public <T extends ServerFrame> T awaitFrame(Class<T> type, Duration timeout) throws InterruptedException {
        return awaitFrame(type, f -> true, timeout);
    }

    /** Text messages that were not decodable server frames (the connection dropped them). */
    public long undecodableFrames() {
        return undecodable.get();
    }

    public String lastUndecodableFrame() {
        return lastUndecodable;
    }
}
