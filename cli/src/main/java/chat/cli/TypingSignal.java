package chat.cli;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * When to tell the others that the user types: {@code typing: true} at the first key and again every 3 s while keys
 * keep coming, {@code typing: false} on send, on an emptied line, or after 5 s without a key (as docs/protocol.md asks).
 */
final class TypingSignal {
    static final long REFRESH_MS = 3_000;
    static final long IDLE_MS = 5_000;

    private final Consumer<Boolean> send;
    private final LongSupplier clock;
    private boolean typing;
    private long sentAt;
    private long lastKeyAt;

    TypingSignal(Consumer<Boolean> send, LongSupplier clock) {
        this.send = send;
        this.clock = clock;
    }

    synchronized void draft(String text) {
        long now = clock.getAsLong();
        if (text.isEmpty()) {
            stop();
            return;
        }
        lastKeyAt = now;
        if (!typing || now - sentAt >= REFRESH_MS) {
            typing = true;
            sentAt = now;
            send.accept(true);
        }
    }

    /** Called periodically: stops after a pause. */
    synchronized void tick() {
        if (typing && clock.getAsLong() - lastKeyAt >= IDLE_MS) {
            stop();
        }
    }

    synchronized void stop() {
        if (typing) {
            typing = false;
            send.accept(false);
        }
    }
}
