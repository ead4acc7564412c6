package chat.functions.threads;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Counts started work, so that shutdown can wait (bounded) until it is done. */
public final class InFlight {
    private int count;

    public synchronized void begin() {
        count++;
    }

    public synchronized void end() {
        count--;
        notifyAll();
    }

    public synchronized int count() {
        return count;
    }

    /** Whether all started work ended within {@code limit}. */
    public synchronized boolean awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
