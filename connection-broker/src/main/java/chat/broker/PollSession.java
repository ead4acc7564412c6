package chat.broker;

import chat.model.CloseCodes;
import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A long-poll session: one device connection whose frames wait here, each at a position, until a poll acknowledges
 * them ({@code after}). Since nothing is dropped when it is answered, an answer lost on the way is answered again by
 * the next poll with the same cursor; a frame is dropped only once the client says it has it.
 *
 * <p>Thread-safe: frames arrive from deliveries and the session's own frame handling, polls from HTTP requests.
 */
public final class PollSession implements DeviceLink {
    /** Frames in one answer (the protocol's figure). */
    static final int MAX_ANSWER_FRAMES = 256;
    /** Frame text in one answer, in UTF-8 bytes; a single larger frame still goes alone. */
    static final int MAX_ANSWER_BYTES = 1 << 20;
    /** Frames waiting for an acknowledgement; a session further behind is closed (the client syncs instead). */
    static final int MAX_WAITING_FRAMES = 4096;
    static final long MAX_WAITING_BYTES = 8L << 20;
    /** Frame requests queued behind the one being handled; more is a client not waiting for its 202s. */
    static final int MAX_QUEUED_SENDS = 64;

    /** What a poll answers. */
    public record Answer(String json) {
    }

    private record Waiting(String text, int bytes) {
    }

    private final String secret;
    private final String connectionId;
    private final String userId;
    private final String deviceId;
    private final Clock clock;
    private final Consumer<PollSession> onClose;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>(); // guarded by this
    /** Position of the first frame in {@link #waiting}, minus one: everything up to it is acknowledged. */
    private long acked; // guarded by this
    private long waitingBytes; // guarded by this
    private CloseReason closedWith; // guarded by this
    private boolean closeAnswered; // guarded by this
    /** Completed (true: superseded) when the open poll should answer; null while no poll is open. */
    private CompletableFuture<Boolean> openPoll; // guarded by this
    private long lastPollEndedMillis; // guarded by this
    private CompletableFuture<Void> sendTail = CompletableFuture.completedFuture(null); // guarded by this
    private int queuedSends; // guarded by this

    PollSession(String secret, String connectionId, String userId, String deviceId, Clock clock,
            Consumer<PollSession> onClose) {
        this.secret = secret;
        this.connectionId = connectionId;
        this.userId = userId;
        this.deviceId = deviceId;
        this.clock = clock;
        this.onClose = onClose;
        this.lastPollEndedMillis = clock.millis();
    }

    String secret() {
        return secret;
    }

    String userId() {
        return userId;
    }

    String deviceId() {
        return deviceId;
    }

    @Override
    public String id() {
        return connectionId;
    }

    @Override
    public synchronized boolean isClosed() {
        return closedWith != null;
    }

    @Override
    public Uni<Void> sendText(String text) {
        boolean overflow;
        CompletableFuture<Boolean> wake;
        synchronized (this) {
            if (closedWith != null) {
                return Uni.createFrom().voidItem(); // as a closed socket drops what is written to it
            }
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            waiting.addLast(new Waiting(text, bytes));
            waitingBytes += bytes;
            overflow = waiting.size() > MAX_WAITING_FRAMES || waitingBytes > MAX_WAITING_BYTES;
            wake = openPoll;
        }
        if (wake != null) {
            wake.complete(false);
        }
        return overflow ? close(new CloseReason(CloseCodes.TRY_AGAIN_LATER, "too many frames waiting for a poll"))
                : Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> close(CloseReason reason) {
        CompletableFuture<Boolean> wake;
        synchronized (this) {
            if (closedWith != null) {
                return Uni.createFrom().voidItem();
            }
            closedWith = reason;
            wake = openPoll;
        }
        if (wake != null) {
            wake.complete(false);
        }
        onClose.accept(this);
        return Uni.createFrom().voidItem();
    }

    /** The last position handed out. */
    synchronized long head() {
        return acked + waiting.size();
    }

    /**
     * Acknowledges every frame up to {@code after} and answers the frames after it: at once if there are any (or
     * the session has closed, or {@code wait} is zero), else when one arrives or {@code wait} runs out. An open poll
     * of the session is answered at once, superseded. The caller has checked {@code after <= head()}.
     */
    Uni<Answer> poll(long after, Duration wait) {
        CompletableFuture<Boolean> superseded;
        CompletableFuture<Boolean> mine;
        synchronized (this) {
            acknowledge(after);
            superseded = openPoll;
            openPoll = null;
            if (!waiting.isEmpty() || closedWith != null || wait.isZero()) { // acknowledged: the rest is after it
                mine = null;
            } else {
                mine = new CompletableFuture<>();
                openPoll = mine;
            }
        }
        if (superseded != null) {
            superseded.complete(true);
        }
        if (mine == null) {
            return Uni.createFrom().item(() -> answer(after, false, null));
        }
        return Uni.createFrom().completionStage(mine)
                .ifNoItem().after(wait).recoverWithItem(false)
                .map(wasSuperseded -> answer(after, wasSuperseded, mine));
    }

    /** No poll open for longer than {@code idle}. */
    synchronized boolean idleFor(Duration idle) {
        return openPoll == null && clock.millis() - lastPollEndedMillis > idle.toMillis();
    }

    /** Whether a poll has been answered with the session's close. */
    synchronized boolean closeAnswered() {
        return closeAnswered;
    }

    /** Closed, and its close answered to a poll (or closed long enough ago that no poll will come for it). */
    synchronized boolean finished(Duration idle) {
        return closedWith != null && (closeAnswered || idleFor(idle));
    }

    /**
     * Handles client frames one at a time, in the order they came; null when too many wait already (the client is
     * not waiting for its answers).
     */
    Uni<Void> serially(Supplier<Uni<Void>> handling) {
        CompletableFuture<Void> mine;
        synchronized (this) {
            if (queuedSends >= MAX_QUEUED_SENDS) {
                return null;
            }
            queuedSends++;
            mine = sendTail.handle((v, e) -> null)
                    .thenCompose(x -> handling.get().subscribeAsCompletionStage())
                    .whenComplete((v, e) -> {
                        synchronized (this) {
                            queuedSends--;
                        }
                    });
            sendTail = mine;
        }
        return Uni.createFrom().completionStage(mine);
    }

    private void acknowledge(long after) {
        while (acked < after && !waiting.isEmpty()) {
            waitingBytes -= waiting.removeFirst().bytes();
            acked++;
        }
    }

    private Answer answer(long after, boolean superseded, CompletableFuture<Boolean> poll) {
        StringBuilder frames = new StringBuilder("[");
        long cursor;
        boolean more;
        String closed = null;
        synchronized (this) {
            if (poll != null && openPoll == poll) {
                openPoll = null;
            }
            lastPollEndedMillis = clock.millis();
            long position = acked;
            cursor = Math.max(after, acked);
            int count = 0;
            int bytes = 0;
            Iterator<Waiting> it = waiting.iterator();
            while (it.hasNext()) {
                Waiting w = it.next();
                position++;
                if (position <= cursor || superseded) {
                    continue;
                }
                if (count == MAX_ANSWER_FRAMES || count > 0 && bytes + w.bytes() > MAX_ANSWER_BYTES) {
                    break;
                }
                frames.append(count == 0 ? "" : ",").append(w.text());
                count++;
                bytes += w.bytes();
                cursor = position;
            }
            more = !superseded && cursor < acked + waiting.size();
            if (closedWith != null && !more && !superseded) {
                closed = closeJson(closedWith);
                closeAnswered = true;
            }
        }
        StringBuilder json = new StringBuilder("{\"frames\":").append(frames).append("],\"cursor\":").append(cursor)
                .append(",\"more\":").append(more);
        if (closed != null) {
            json.append(",\"closed\":").append(closed);
        }
        if (superseded) {
            json.append(",\"superseded\":true");
        }
        return new Answer(json.append('}').toString());
    }

    private static String closeJson(CloseReason reason) {
        try {
            return "{\"code\":" + reason.getCode() + ",\"reason\":"
                    + FrameCodec.mapper().writeValueAsString(reason.getMessage() == null ? "" : reason.getMessage())
                    + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
