package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.ErrorCode;
import chat.model.frames.AckedFrame;
import chat.model.frames.ErrorFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AckCoalescerTest {
    private static final String CONV = "g0000000000000001";
    private static final String OTHER = "g0000000000000002";
    private static final Duration WINDOW = Duration.ofMillis(100);

    private final ManualTimer timer = new ManualTimer();
    /** Each frame sent: conversation, delivered, read. */
    private final List<Object[]> sent = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<AckedFrame>> answers = new CopyOnWriteArrayList<>();

    private AckCoalescer coalescer(Duration window) {
        return new AckCoalescer((c, d, r) -> {
            sent.add(new Object[] {c, d, r});
            CompletableFuture<AckedFrame> f = new CompletableFuture<>();
            answers.add(f);
            return f;
        }, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), timer, window);
    }

    private void answer(int i) {
        Object[] s = sent.get(i);
        Long d = (Long) s[1];
        Long r = (Long) s[2];
        answers.get(i).complete(new AckedFrame("r", (String) s[0], d == null ? 0 : d, r == null ? 0 : r));
    }

    private Object[] frame(int i) {
        return sent.get(i);
    }

    @Test
    void aMessageShownAndReadAtOnceCostsOneFrameCarryingDeliveredAndRead() {
        AckCoalescer acks = coalescer(WINDOW);
        acks.read(CONV, 7);
        timer.advance(WINDOW);
        assertThat(sent).hasSize(1);
        assertThat(frame(0)).containsExactly(CONV, 7L, 7L);
        answer(0);
        assertThat(acks.idle()).isTrue();
        assertThat(acks.acked(CONV)).containsExactly(7L, 7L);
    }

    @Test
    void nothingGoesOutBeforeTheWindowEnds() {
        AckCoalescer acks = coalescer(WINDOW);
        acks.delivered(CONV, 1);
        timer.advanceMillis(99);
        assertThat(sent).isEmpty();
        assertThat(acks.idle()).isFalse();
        timer.advanceMillis(1);
        assertThat(sent).hasSize(1);
    }

    @Test
    void acksAskedForWithinTheWindowGoOutAsOneFramePerConversation() {
        AckCoalescer acks = coalescer(WINDOW);
        acks.delivered(CONV, 1);
        timer.advanceMillis(30);
        acks.delivered(OTHER, 4);
        acks.delivered(CONV, 2);
        timer.advanceMillis(30);
        acks.read(CONV, 2);
        acks.delivered(CONV, 3);
        timer.advanceMillis(40); // CONV's window, opened at 0, ends
        assertThat(sent).hasSize(1);
        assertThat(frame(0)).containsExactly(CONV, 3L, 2L);
        timer.advanceMillis(30); // OTHER's, opened at 30
        assertThat(sent).hasSize(2);
        assertThat(frame(1)).containsExactly(OTHER, 4L, null);
    }

    @Test
    void whatIsAskedForWhileAFrameIsInFlightGoesOutInTheNextOne() {
        AckCoalescer acks = coalescer(WINDOW);
        acks.delivered(CONV, 1);
        timer.advance(WINDOW);
        acks.delivered(CONV, 2);
        acks.read(CONV, 2);
        timer.advance(WINDOW.multipliedBy(3));
        assertThat(sent).as("at most one ack in flight").hasSize(1);
        answer(0); // the window of the asks at 100 ms has long passed: they go at once
        assertThat(sent).hasSize(2);
        assertThat(frame(1)).containsExactly(CONV, 2L, 2L);
    }

    @Test
    void aConversationSendsAtMostOneFramePerWindow() {
        AckCoalescer acks = coalescer(WINDOW);
        acks.delivered(CONV, 1);
        timer.advance(WINDOW); // frame 0 leaves at 100 ms
        timer.advanceMillis(5);
        acks.delivered(CONV, 2); // asked for at 105 ms, while frame 0 is in flight
        timer.advanceMillis(5);
        answer(0); // back at 110 ms
        assertThat(sent).hasSize(1);
        timer.advanceMillis(94);
        assertThat(sent).hasSize(1);
        timer.advanceMillis(1); // 205 ms: a window after it was asked for
        assertThat(sent).hasSize(2);
        assertThat(frame(1)).containsExactly(CONV, 2L, null);
    }

    @Test
    void anAckBelowWhatWasConfirmedSendsNothing() {
        AckCoalescer acks = coalescer(WINDOW);
        acks.read(CONV, 3);
        timer.advance(WINDOW);
        answer(0);
        acks.delivered(CONV, 2);
        acks.read(CONV, 3);
        timer.advance(WINDOW.multipliedBy(2));
        assertThat(sent).hasSize(1);
        assertThat(acks.idle()).isTrue();
    }

    @Test
    void aZeroWindowSendsAtOnceAndCoalescesOnlyBehindTheFrameInFlight() {
        AckCoalescer acks = coalescer(Duration.ZERO);
        acks.delivered(CONV, 1);
        acks.delivered(CONV, 2);
        acks.delivered(CONV, 3);
        acks.read(CONV, 2);
        assertThat(sent).hasSize(1);
        assertThat(frame(0)).containsExactly(CONV, 1L, null);
        answer(0);
        assertThat(sent).hasSize(2);
        assertThat(frame(1)).containsExactly(CONV, 3L, 2L);
        answer(1);
        assertThat(acks.idle()).isTrue();
        assertThat(acks.acked(CONV)).containsExactly(3L, 2L);
    }

    @Test
    void flushSendsWhatAWindowHoldsAtOnce() {
        AckCoalescer acks = coalescer(WINDOW);
        acks.read(CONV, 5);
        timer.advanceMillis(10);
        acks.flush();
        assertThat(sent).hasSize(1);
        assertThat(frame(0)).containsExactly(CONV, 5L, 5L);
        answer(0);
        timer.advance(WINDOW);
        assertThat(sent).as("the cancelled window sends nothing more").hasSize(1);
    }

    @Test
    void retryableFailuresAreRetriedAndRefusalsGivenUp() {
        AckCoalescer acks = coalescer(WINDOW);
        acks.delivered(CONV, 5);
        timer.advance(WINDOW);
        answers.get(0).completeExceptionally(new ChatErrorException(ErrorFrame.of("r", ErrorCode.UNAVAILABLE, "x")));
        timer.advanceMillis(5); // the backoff's ceiling
        assertThat(sent).hasSize(2);
        assertThat(frame(1)).containsExactly(CONV, 5L, null);
        answers.get(1).completeExceptionally(
                new ChatErrorException(ErrorFrame.of("r", ErrorCode.ACK_BEYOND_HEAD, "too far")));
        assertThat(acks.idle()).isTrue();
    }

    @Test
    void withoutAConnectionAcksWaitForFlush() {
        AckCoalescer acks = coalescer(WINDOW);
        acks.read(CONV, 4);
        timer.advance(WINDOW);
        answers.get(0).completeExceptionally(new NotConnectedException("offline"));
        timer.advance(WINDOW.multipliedBy(10));
        assertThat(acks.idle()).isFalse();
        assertThat(sent).hasSize(1);
        acks.flush();
        assertThat(sent).hasSize(2);
        answer(1);
        assertThat(acks.idle()).isTrue();
        assertThat(acks.acked(CONV)).containsExactly(4L, 4L);
    }
}
