package chat.localstack;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by timed polling, so start-up is as fast as the engines allow and never hangs forever. */
final class Poll {
    private Poll() {
    }

    static void until(String what, Duration timeout, Duration interval, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
