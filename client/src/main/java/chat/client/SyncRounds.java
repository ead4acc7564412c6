package chat.client;

import chat.model.frames.ChatMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delta sync: sends the inbox's cursors, feeds the pages back into it, and repeats until caught up (or until rounds
 * stop making progress). One run at a time; a sync asked for during a run makes the run go once more. Rounds belong
 * to one connection (its generation): a newer connection or a close ends them, and the next connection syncs.
 * Confined to the device's event thread.
 */
final class SyncRounds {
    private static final System.Logger LOG = System.getLogger(ChatDevice.class.getName());
    private static final int MAX_STALLS = 3;
    private static final int MAX_RETRIES = 10;

    /** What the rounds need of the device's connection lifecycle. */
    interface Session {
        int generation();

        /** The connection of generation {@code gen}; null once it is not current or the device is closing. */
        ChatConnection connection(int gen);

        /** The run of generation {@code gen} ended (caught up, or given up on): the device may go online. */
        void settled(int gen);
    }

    private final Session session;
    private final ConversationInbox inbox;
    private final Delivery delivery;
    private final Backoff backoff;
    private final Integer limit;
    private final ScheduledExecutorService timer;
    private final Executor loop;
    private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    private boolean running;
    private boolean again;
    private int retries;

    SyncRounds(Session session, ConversationInbox inbox, Delivery delivery, Backoff backoff, Integer limit,
            ScheduledExecutorService timer, Executor loop) {
        this.session = session;
        this.inbox = inbox;
        this.delivery = delivery;
        this.backoff = backoff;
        this.limit = limit;
        this.timer = timer;
        this.loop = loop;
    }

    boolean running() {
        return running;
    }

    /** Syncs until caught up; completes when done (or fails when the run gave up). */
    CompletableFuture<Void> run() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiters.add(done);
        if (running) {
            again = true;
        } else {
            running = true;
            again = false;
            round(session.generation(), 0);
        }
        return done;
    }

    void failWaiters(Throwable error) {
        List<CompletableFuture<Void>> all = new ArrayList<>(waiters);
        waiters.clear();
        all.forEach(w -> w.completeExceptionally(error));
    }

    private void round(int gen, int stalls) {
        ChatConnection c = session.connection(gen);
        if (c == null) {
            running = false; // the next connection syncs; waiters complete then
            return;
        }
        // The starting point of every round: the inbox's contiguous cursors.
        Map<String, Long> cursors = inbox.cursors();
        c.sync(cursors, limit)
                .whenCompleteAsync((result, error) -> onResult(gen, cursors, result, error, stalls), loop);
    }

    private void onResult(int gen, Map<String, Long> sent, SyncResult result, Throwable error, int stalls) {
        if (error != null) {
            running = false;
            Throwable cause = ChatHttpApi.unwrap(error);
            if (session.connection(gen) == null) {
                return; // the next connection syncs
            }
            boolean retryable = !(cause instanceof ChatErrorException ce) || ce.retryable();
            if (retryable && retries < MAX_RETRIES) {
                long delay = backoff.delay(retries++).toMillis();
                try {
                    timer.schedule(() -> {
                        if (!running && gen == session.generation()) {
                            running = true;
                            again = false;
                            round(gen, 0);
                        }
                    }, delay, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException ignored) {
                    // closed
                }
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "sync failed: " + cause);
            retries = 0;
            failWaiters(cause);
            session.settled(gen); // live delivery still works; a later gap or reconnect syncs again
            return;
        }
        retries = 0;
        apply(sent, result);
        boolean progress = !inbox.cursors().equals(sent);
        if (!result.caughtUp() && (progress || stalls < MAX_STALLS)) {
            round(gen, progress ? 0 : stalls + 1);
            return;
        }
        if (again) {
            again = false;
            round(gen, 0);
            return;
        }
        running = false;
        List<CompletableFuture<Void>> done = new ArrayList<>(waiters);
        waiters.clear();
        done.forEach(w -> w.complete(null));
        session.settled(gen);
    }

    private void apply(Map<String, Long> sent, SyncResult result) {
        Set<String> seen = new HashSet<>();
        delivery.batch(() -> {
            for (ChatMessage m : result.messages()) {
                boolean first = seen.add(m.conversationId());
                delivery.synced(m, sent.getOrDefault(m.conversationId(), 0L), first);
            }
        });
    }
}
