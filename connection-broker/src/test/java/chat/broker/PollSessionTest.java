package chat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.CloseReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A long-poll session's positions, acknowledgements and bounds, without a server. */
class PollSessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration NOW = Duration.ZERO;
    private final MutableClock clock = new MutableClock();
    private final AtomicInteger closes = new AtomicInteger();
    private final PollSession session = new PollSession("secret", "lp-1", "u1", "d1", clock,
            s -> closes.incrementAndGet());

    @Test
    void framesAreAnsweredInOrderWithTheirPositionsAsCursor() throws Exception {
        send("a", "b", "c");
        JsonNode answer = poll(0, NOW);
        assertThat(types(answer)).containsExactly("a", "b", "c");
        assertThat(answer.path("cursor").asLong()).isEqualTo(3);
        assertThat(answer.path("more").asBoolean()).isFalse();
        assertThat(answer.has("closed")).isFalse();
    }

    @Test
    void anAnswerLostOnTheWayIsAnsweredAgainByAPollWithTheSameCursor() throws Exception {
        send("a", "b");
        poll(0, NOW); // lost
        assertThat(types(poll(0, NOW))).containsExactly("a", "b");
        send("c");
        assertThat(types(poll(2, NOW))).as("a and b acknowledged by after=2").containsExactly("c");
        assertThat(types(poll(1, NOW))).as("a cursor below the acknowledged one is as good as it")
                .containsExactly("c");
    }

    @Test
    void anAnswerHoldsAtMostTheFrameBoundAndSaysThereIsMore() throws Exception {
        for (int i = 0; i < PollSession.MAX_ANSWER_FRAMES + 5; i++) {
            send("f" + i);
        }
        JsonNode first = poll(0, NOW);
        assertThat(first.path("frames").size()).isEqualTo(PollSession.MAX_ANSWER_FRAMES);
        assertThat(first.path("more").asBoolean()).isTrue();
        JsonNode rest = poll(first.path("cursor").asLong(), NOW);
        assertThat(types(rest)).containsExactly("f256", "f257", "f258", "f259", "f260");
        assertThat(rest.path("more").asBoolean()).isFalse();
    }

    @Test
    void anAnswerHoldsAtMostTheByteBoundButAtLeastOneFrame() throws Exception {
        String big = "x".repeat(PollSession.MAX_ANSWER_BYTES / 2);
        send(big, big, big);
        JsonNode first = poll(0, NOW);
        assertThat(first.path("frames").size()).isEqualTo(1);
        assertThat(first.path("more").asBoolean()).isTrue();
    }

    @Test
    void anOpenPollIsAnsweredWhenAFrameArrives() throws Exception {
        var open = session.poll(0, Duration.ofSeconds(20)).subscribeAsCompletionStage();
        assertThat(open).isNotDone();
        send("late");
        assertThat(types(JSON.readTree(open.get().json()))).containsExactly("late");
    }

    @Test
    void aQuietPollEndsEmptyWhenItsWaitRunsOut() throws Exception {
        JsonNode answer = JSON.readTree(session.poll(0, Duration.ofMillis(50)).await().atMost(Duration.ofSeconds(30))
                .json());
        assertThat(answer.path("frames").size()).isZero();
        assertThat(answer.path("cursor").asLong()).isZero();
    }

    @Test
    void aNewPollSupersedesTheOpenOne() throws Exception {
        var older = session.poll(0, Duration.ofSeconds(20)).subscribeAsCompletionStage();
        var newer = session.poll(0, Duration.ofSeconds(20)).subscribeAsCompletionStage();
        JsonNode superseded = JSON.readTree(older.get().json());
        assertThat(superseded.path("superseded").asBoolean()).isTrue();
        assertThat(superseded.path("frames").size()).isZero();
        send("x");
        assertThat(types(JSON.readTree(newer.get().json()))).containsExactly("x");
    }

    @Test
    void theCloseComesAfterTheLastFramesAndTheSessionIsThenFinished() throws Exception {
        send("a");
        session.close(new CloseReason(4001, "displaced")).await().indefinitely();
        send("after the close");
        assertThat(closes).hasValue(1);
        JsonNode answer = poll(0, NOW);
        assertThat(types(answer)).containsExactly("a");
        assertThat(answer.path("closed").path("code").asInt()).isEqualTo(4001);
        assertThat(answer.path("closed").path("reason").asText()).isEqualTo("displaced");
        assertThat(session.finished(Duration.ofSeconds(60))).isTrue();
    }

    @Test
    void aSessionTooFarBehindIsClosedWith1013() throws Exception {
        for (int i = 0; i <= PollSession.MAX_WAITING_FRAMES; i++) {
            send("f" + i);
        }
        assertThat(session.isClosed()).isTrue();
        assertThat(closes).hasValue(1);
        JsonNode last = poll(0, NOW);
        while (last.path("more").asBoolean()) {
            last = poll(last.path("cursor").asLong(), NOW);
        }
        assertThat(last.path("closed").path("code").asInt()).isEqualTo(1013);
    }

    @Test
    void aSessionIsIdleOnlyWithNoPollOpenForTheIdleTime() {
        Duration idle = Duration.ofSeconds(60);
        clock.advance(Duration.ofSeconds(61));
        assertThat(session.idleFor(idle)).isTrue();
        session.poll(0, Duration.ofSeconds(20)).subscribeAsCompletionStage();
        assertThat(session.idleFor(idle)).as("a poll is open").isFalse();
    }

    @Test
    void tooManyQueuedFrameRequestsAreRefused() {
        var never = new java.util.concurrent.CompletableFuture<Void>();
        List<Object> queued = new ArrayList<>();
        for (int i = 0; i < PollSession.MAX_QUEUED_SENDS; i++) {
            queued.add(session.serially(() -> io.smallrye.mutiny.Uni.createFrom().completionStage(never)));
        }
        assertThat(queued).doesNotContainNull();
        assertThat(session.serially(() -> io.smallrye.mutiny.Uni.createFrom().voidItem())).isNull();
    }

    private void send(String... types) {
        for (String t : types) {
            session.sendText("{\"type\":\"" + t + "\"}").await().indefinitely();
        }
    }

    private JsonNode poll(long after, Duration wait) throws Exception {
        return JSON.readTree(session.poll(after, wait).await().atMost(Duration.ofSeconds(30)).json());
    }

    private static List<String> types(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("frames").forEach(f -> out.add(f.path("type").asText()));
        return out;
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
