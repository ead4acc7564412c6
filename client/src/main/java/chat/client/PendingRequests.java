package chat.client;

import chat.model.frames.ChatMessage;
import chat.model.frames.ErrorFrame;
import chat.model.frames.ServerFrame;
import chat.model.frames.SyncEndFrame;
import chat.model.frames.SyncPageFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * A connection's requests waiting for their answer, by reqId: an answer with that reqId completes one (a sync
 * collects its pages until {@code syncEnd}), an {@code error} frame fails it with {@link ChatErrorException}, no
 * answer in time with {@link RequestTimeoutException} (for sync: no frame of the answer in time). Thread-safe.
 */
final class PendingRequests {
    /** The connection's timers and event thread. */
    interface Clock {
        /** Runs {@code task} after {@code delayMillis}; null if the timers were shut down. */
        ScheduledFuture<?> schedule(Runnable task, long delayMillis);

        /** Runs {@code task} on the connection's event thread. */
        void post(Runnable task);
    }

    private final Clock clock;
    private final Map<String, Pending<?>> pending = new ConcurrentHashMap<>();

    PendingRequests(Clock clock) {
        this.clock = clock;
    }

    /** Waits for the answer to {@code reqId}; fails at once if that reqId is already waiting. */
    <T> CompletableFuture<T> register(String reqId, String frameType, Class<T> answer, Duration timeout) {
        Pending<T> p = new Pending<>(reqId, frameType, answer, timeout);
        if (pending.putIfAbsent(reqId, p) != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("reqId already in use: " + reqId));
        }
        p.future.whenComplete((r, e) -> {
            p.cancelTimer();
            pending.remove(reqId, p);
        });
        p.armTimer();
        return p.future;
    }

    int size() {
        return pending.size();
    }

    /** Event thread: a frame that may answer a request (hello and unsolicited frames answer none). */
    void onFrame(ServerFrame frame) {
        if (frame instanceof SyncPageFrame page) {
            Pending<?> p = page.reqId() == null ? null : pending.get(page.reqId());
            if (p != null && p.answer == SyncResult.class) {
                p.pages.add(page);
                p.messages.addAll(page.messages());
                p.armTimer();
            }
        } else if (frame instanceof ErrorFrame e) {
            Pending<?> p = e.reqId() == null ? null : pending.remove(e.reqId());
            if (p != null) {
                p.future.completeExceptionally(new ChatErrorException(e));
            }
        } else {
            String reqId = ReqIds.of(frame); // sent, acked, syncEnd, historyPage, conversationList, ...
            Pending<?> p = reqId == null ? null : pending.remove(reqId);
            if (p != null) {
                p.complete(frame);
            }
        }
    }

    /** Fails every request still waiting (the connection ended). */
    void failAll(Throwable error) {
        for (Pending<?> p : new ArrayList<>(pending.values())) {
            p.future.completeExceptionally(error);
        }
        pending.clear();
    }

    /** A request waiting for its answer. */
    private final class Pending<T> {
        final String reqId;
        final String frameType;
        final Class<T> answer;
        final Duration timeout;
        final CompletableFuture<T> future = new CompletableFuture<>();
        final List<SyncPageFrame> pages = new ArrayList<>();
        final List<ChatMessage> messages = new ArrayList<>();
        private ScheduledFuture<?> timer;

        Pending(String reqId, String frameType, Class<T> answer, Duration timeout) {
            this.reqId = reqId;
            this.frameType = frameType;
            this.answer = answer;
            this.timeout = timeout;
        }

        synchronized void armTimer() {
            if (timer != null) {
                timer.cancel(false);
            }
            if (future.isDone()) {
                return;
            }
            timer = clock.schedule(() -> clock.post(() -> {
                if (pending.remove(reqId, this)) {
                    future.completeExceptionally(new RequestTimeoutException(reqId, frameType, timeout));
                }
            }), timeout.toMillis());
        }

        synchronized void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
            }
        }

        void complete(ServerFrame frame) {
            if (answer == SyncResult.class && frame instanceof SyncEndFrame end) {
                future.complete(answer.cast(new SyncResult(reqId, messages, pages, end.caughtUp(), end.messages())));
            } else if (answer.isInstance(frame)) {
                future.complete(answer.cast(frame));
            } else {
                future.completeExceptionally(new IllegalStateException(
                        "answer to " + frameType + " " + reqId + " has the wrong type: "
                                + frame.getClass().getSimpleName()));
            }
        }
    }
}
