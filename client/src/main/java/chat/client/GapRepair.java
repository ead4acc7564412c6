package chat.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Syncs when a gap (a live message ahead of the contiguous cursor) has lasted longer than {@code after}: at most once
 * per that period and gap. Checks periodically on the device's event thread.
 */
final class GapRepair {
    private final ConversationInbox inbox;
    private final Duration after;
    private final BooleanSupplier canSync;
    private final Runnable sync;
    private final Map<String, Long> lastSync = new HashMap<>();
    private ScheduledFuture<?> timer;

    /**
     * @param canSync whether a repair sync may run now (online, no sync running)
     * @param sync    starts one
     */
    GapRepair(ConversationInbox inbox, Duration after, BooleanSupplier canSync, Runnable sync) {
        this.inbox = inbox;
        this.after = after;
        this.canSync = canSync;
        this.sync = sync;
    }

    /** Checks every quarter of {@code after} (at least every 50 ms) on {@code loop}, the device's event thread. */
    void start(ScheduledExecutorService loop) {
        long every = Math.max(50, after.toMillis() / 4);
        timer = loop.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void check() {
        if (!canSync.getAsBoolean()) {
            return;
        }
        long now = System.nanoTime();
        long afterNanos = after.toNanos();
        boolean due = false;
        Set<String> gaps = inbox.gaps();
        lastSync.keySet().retainAll(gaps);
        for (String conversationId : gaps) {
            Duration age = inbox.gapAge(conversationId).orElse(Duration.ZERO);
            Long last = lastSync.get(conversationId);
            if (age.toNanos() > afterNanos && (last == null || now - last > afterNanos)) {
                lastSync.put(conversationId, now);
                due = true;
            }
        }
        if (due) {
            sync.run();
        }
    }
}
