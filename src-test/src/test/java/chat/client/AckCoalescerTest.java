package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.model.ErrorCode;
import chat.model.frames.AckedFrame;
import chat.model.frames.ErrorFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AckCoalescerTest {
    private static final String CONV = "g0000000000000001";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Long[]> sent = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<AckedFrame>> answers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private AckCoalescer coalescer() {
        return new AckCoalescer((c, d, r) -> {
            sent.add(new Long[] {d, r});
            CompletableFuture<AckedFrame> f = new CompletableFuture<>();
            answers.add(f);
            return f;
        }, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), scheduler);
    }

    private void answer(int i) {
        Long[] s = sent.get(i);
        answers.get(i).complete(new AckedFrame("r", CONV, s[0] == null ? 0 : s[0], s[1] == null ? 0 : s[1]));
    }

    @Test
    void atMostOneAckIsInFlightAndLaterRequestsAreCoalesced() {
        AckCoalescer acks = coalescer();
        acks.delivered(CONV, 1);
        acks.delivered(CONV, 2);
        acks.delivered(CONV, 3);
        acks.read(CONV, 2);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).containsExactly(1L, null);

        answer(0);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).containsExactly(3L, 2L);
        answer(1);
        assertThat(sent).hasSize(2);
        assertThat(acks.idle()).isTrue();
        assertThat(acks.acked(CONV)).containsExactly(3L, 2L);
        acks.delivered(CONV, 2); // already acked: nothing to send
        assertThat(sent).hasSize(2);
    }

    @Test
    void retryableFailuresAreRetriedAndRefusalsGivenUp() {
        AckCoalescer acks = coalescer();
        acks.delivered(CONV, 5);
        answers.get(0).completeExceptionally(new ChatErrorException(ErrorFrame.of("r", ErrorCode.UNAVAILABLE, "x")));
        await().until(() -> sent.size() == 2);
        assertThat(sent.get(1)).containsExactly(5L, null);
        answers.get(1).completeExceptionally(
                new ChatErrorException(ErrorFrame.of("r", ErrorCode.ACK_BEYOND_HEAD, "too far")));
        assertThat(acks.idle()).isTrue();
    }

    @Test
    void withoutAConnectionAcksWaitForFlush() {
        AckCoalescer acks = coalescer();
        acks.read(CONV, 4);
        answers.get(0).completeExceptionally(new NotConnectedException("offline"));
        assertThat(acks.idle()).isFalse();
        assertThat(sent).hasSize(1);
        acks.flush();
        assertThat(sent).hasSize(2);
        answer(1);
        assertThat(acks.idle()).isTrue();
        assertThat(acks.acked(CONV)).containsExactly(4L, 4L);
    }
}
