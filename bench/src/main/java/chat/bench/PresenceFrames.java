package chat.bench;

import chat.model.frames.PresenceFrame;
import chat.model.frames.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A watcher connection's presence frames (its listener), so the bench can wait for one change after another. */
final class PresenceFrames implements Consumer<ServerFrame> {
    private final List<PresenceFrame> frames = new ArrayList<>(); // guarded by this

    @Override
    public synchronized void accept(ServerFrame frame) {
        if (frame instanceof PresenceFrame p) {
            frames.add(p);
            notifyAll();
        }
    }

    /** Waits for, removes and returns the first presence frame of {@code userId} with that state; null on timeout. */
    synchronized PresenceFrame await(String userId, boolean online, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Iterator<PresenceFrame> it = frames.iterator(); it.hasNext(); ) {
                PresenceFrame p = it.next();
                if (p.userId().equals(userId) && Boolean.valueOf(online).equals(p.online())) {
                    it.remove();
                    return p;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
