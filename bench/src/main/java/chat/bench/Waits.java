package chat.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Timed waits on conditions and a fixed-rate schedule for sends. */
final class Waits {
    private Waits() {
    }

    /** Polls {@code condition} every 2 ms; a {@link BenchFailure} with {@code failure}'s text after {@code limit}. */
    static void until(BooleanSupplier condition, Duration limit, Supplier<String> failure) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailure(failure.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /**
     * Lets {@code duration} pass while {@code ok} holds, checking it every 100 ms; returns early (false) as soon as it
     * does not: a hold that has already failed need not be sat out.
     */
    static boolean holdWhile(BooleanSupplier ok, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            if (!ok.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
        return ok.getAsBoolean();
    }

    /** One send of a paced run: its index and the System.nanoTime() it was due at. */
    interface Send<T> {
        CompletableFuture<T> start(int index, long dueNanos);
    }

    /**
     * Starts {@code count} sends at {@code rate} per second on a fixed schedule (an open loop: a slow answer does not
     * slow the load down) and returns their futures. Each send learns when it was due, so latency can be measured from
     * the schedule rather than from a start the load generator itself may have delayed.
     */
    static <T> List<CompletableFuture<T>> paced(int count, double rate, Send<T> send) {
        List<CompletableFuture<T>> out = new ArrayList<>(count);
        long start = System.nanoTime();
        double interval = 1e9 / rate;
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * interval);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            out.add(send.start(i, due));
        }
        return out;
    }
}
