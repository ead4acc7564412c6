package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.frames.ConversationListFrame;
import chat.model.frames.ConversationSummary;
import chat.model.frames.ErrorFrame;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.ReceiptFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private static final String ME = "u0000000000000001";
    private static final String PEER = "u0000000000000002";
    private static final String CONV = "dm." + ME + "." + PEER;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
    private final ReceiptTracker receipts = new ReceiptTracker(ME);
    private final List<SendFrame> wire = new CopyOnWriteArrayList<>();
    private final List<OutgoingMessage> changes = new CopyOnWriteArrayList<>();
    private volatile Function<SendFrame, CompletableFuture<SentFrame>> server = f -> sent(f, 1, false);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        callbacks.shutdownNow();
    }

    private Outbox outbox(int maxAttempts) {
        Outbox o = new Outbox(f -> {
            wire.add(f);
            return server.apply(f);
        }, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), maxAttempts, scheduler, callbacks, receipts);
        o.addListener(changes::add);
        return o;
    }

    private static CompletableFuture<SentFrame> sent(SendFrame f, long seq, boolean duplicate) {
        return CompletableFuture.completedFuture(new SentFrame(f.reqId(), CONV, f.clientMsgId(), seq, 5, duplicate));
    }

    private static CompletableFuture<SentFrame> error(ErrorCode code) {
        return CompletableFuture.failedFuture(new ChatErrorException(ErrorFrame.of("r1", code, "nope")));
    }

    private List<MessageState> states(String clientMsgId) {
        return changes.stream().filter(m -> m.clientMsgId().equals(clientMsgId)).map(OutgoingMessage::state)
                .toList();
    }

    @Test
    void aSuccessfulSendGoesSendingThenSentWithItsSeq() throws Exception {
        Outbox o = outbox(3);
        OutgoingMessage m = o.submit(null, PEER, "m1", "aGk=").get(5, TimeUnit.SECONDS);
        assertThat(m.state()).isEqualTo(MessageState.SENT);
        assertThat(m.seq()).isEqualTo(1);
        assertThat(m.conversationId()).isEqualTo(CONV);
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(wire).singleElement().satisfies(f -> {
            assertThat(f.peer()).isEqualTo(PEER);
            assertThat(f.clientMsgId()).isEqualTo("m1");
        });
        await().untilAsserted(() -> assertThat(states("m1")).containsExactly(MessageState.SENDING,
                MessageState.SENT));
    }

    @Test
    void retryableErrorsAndTimeoutsAreResentWithTheSameClientMsgId() throws Exception {
        List<CompletableFuture<SentFrame>> answers = new ArrayList<>(List.of(
                error(ErrorCode.UNAVAILABLE),
                CompletableFuture.failedFuture(new RequestTimeoutException("r2", "SendFrame", Duration.ofSeconds(1))),
                error(ErrorCode.SEND_IN_PROGRESS)));
        server = f -> answers.isEmpty() ? sent(f, 7, true) : answers.remove(0);
        Outbox o = outbox(5);
        OutgoingMessage m = o.submit(CONV, null, "same", "aGk=").get(5, TimeUnit.SECONDS);
        assertThat(m.seq()).isEqualTo(7);
        assertThat(m.duplicate()).isTrue();
        assertThat(m.attempts()).isEqualTo(4);
        assertThat(wire).hasSize(4).allSatisfy(f -> {
            assertThat(f.clientMsgId()).isEqualTo("same");
            assertThat(f.conversationId()).isEqualTo(CONV);
        });
    }

    @Test
    void aMessageFailsWhenItsAttemptsRunOut() {
        server = f -> error(ErrorCode.INTERNAL);
        Outbox o = outbox(3);
        CompletableFuture<OutgoingMessage> f = o.submit(CONV, null, "doomed", "aGk=");
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(MessageFailedException.class);
        assertThat(wire).hasSize(3);
        OutgoingMessage m = o.get("doomed").orElseThrow();
        assertThat(m.state()).isEqualTo(MessageState.FAILED);
        assertThat(m.failure()).contains("INTERNAL");
    }

    @Test
    void aNonRetryableErrorFailsAtOnceAndRetryStartsOver() throws Exception {
        server = f -> error(ErrorCode.CONVERSATION_NOT_FOUND);
        Outbox o = outbox(5);
        assertThatThrownBy(() -> o.submit(CONV, null, "nf", "aGk=").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(MessageFailedException.class);
        assertThat(wire).hasSize(1);

        server = f -> sent(f, 3, false);
        OutgoingMessage again = o.retry("nf").get(5, TimeUnit.SECONDS);
        assertThat(again.state()).isEqualTo(MessageState.SENT);
        assertThat(wire).hasSize(2).allMatch(f -> f.clientMsgId().equals("nf"));
    }

    @Test
    void withoutAConnectionTheMessageWaitsForTheReconnectWithoutUsingAttempts() throws Exception {
        server = f -> CompletableFuture.failedFuture(new NotConnectedException("offline"));
        Outbox o = outbox(2);
        CompletableFuture<OutgoingMessage> f = o.submit(CONV, null, "later", "aGk=");
        Thread.sleep(100);
        assertThat(f).isNotDone();
        assertThat(o.get("later").orElseThrow().state()).isEqualTo(MessageState.SENDING);
        assertThat(o.pending()).isEqualTo(1);

        server = fr -> sent(fr, 4, false);
        o.onReconnected();
        assertThat(f.get(5, TimeUnit.SECONDS).seq()).isEqualTo(4);
        assertThat(f.get().attempts()).isEqualTo(1);
    }

    @Test
    void aLostConnectionCountsAsAnAttemptAndTheMessageIsResentAfterTheReconnect() throws Exception {
        List<CompletableFuture<SentFrame>> answers = new ArrayList<>(List.of(
                CompletableFuture.failedFuture(new ConnectionClosedException(new CloseInfo(1006, "drop", false))),
                CompletableFuture.failedFuture(new NotConnectedException("offline"))));
        server = f -> answers.isEmpty() ? sent(f, 9, true) : answers.remove(0);
        Outbox o = outbox(3);
        CompletableFuture<OutgoingMessage> f = o.submit(CONV, null, "dropped", "aGk=");
        await().until(() -> answers.isEmpty());
        Thread.sleep(50);
        assertThat(f).isNotDone();
        o.onReconnected();
        OutgoingMessage m = f.get(5, TimeUnit.SECONDS);
        assertThat(m.seq()).isEqualTo(9);
        assertThat(m.attempts()).isEqualTo(2);
    }

    @Test
    void invalidMessagesAreRefusedAtOnce() {
        Outbox o = outbox(3);
        assertThatThrownBy(() -> o.submit(CONV, null, "bad", "not base64!")).isInstanceOf(ChatException.class);
        assertThatThrownBy(() -> o.submit(CONV, PEER, "both", "aGk=")).isInstanceOf(ChatException.class);
        assertThat(wire).isEmpty();
    }

    @Test
    void theSameClientMsgIdTwiceIsOneMessage() throws Exception {
        Outbox o = outbox(3);
        CompletableFuture<OutgoingMessage> a = o.submit(CONV, null, "once", "aGk=");
        CompletableFuture<OutgoingMessage> b = o.submit(CONV, null, "once", "aGk=");
        assertThat(b).isSameAs(a);
        a.get(5, TimeUnit.SECONDS);
        assertThat(wire).hasSize(1);
    }

    @Test
    void receiptsMoveSentMessagesToDeliveredThenRead() throws Exception {
        long[] seq = {0};
        server = f -> sent(f, ++seq[0], false);
        Outbox o = outbox(3);
        o.submit(CONV, null, "a", "aGk=").get(5, TimeUnit.SECONDS);
        o.submit(CONV, null, "b", "aGk=").get(5, TimeUnit.SECONDS);
        o.submit(CONV, null, "c", "aGk=").get(5, TimeUnit.SECONDS);

        receipts.onReceipt(new ReceiptFrame(CONV, ME, 3, 3)); // my own other device: ignored
        assertThat(o.get("a").orElseThrow().state()).isEqualTo(MessageState.SENT);

        receipts.onReceipt(new ReceiptFrame(CONV, PEER, 2, 0));
        assertThat(o.get("a").orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
        assertThat(o.get("b").orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
        assertThat(o.get("c").orElseThrow().state()).isEqualTo(MessageState.SENT);

        receipts.onReceipt(new ReceiptFrame(CONV, PEER, 2, 1));
        assertThat(o.get("a").orElseThrow().state()).isEqualTo(MessageState.READ);
        assertThat(o.get("b").orElseThrow().state()).isEqualTo(MessageState.DELIVERED);

        receipts.onReceipt(new ReceiptFrame(CONV, PEER, 1, 0)); // cursors never move back
        assertThat(o.get("b").orElseThrow().state()).isEqualTo(MessageState.DELIVERED);

        receipts.onReceipt(new ReceiptFrame(CONV, PEER, 3, 3)); // c skips DELIVERED: both are reported
        assertThat(o.get("c").orElseThrow().state()).isEqualTo(MessageState.READ);
        await().untilAsserted(() -> assertThat(states("c")).containsExactly(MessageState.SENDING,
                MessageState.SENT, MessageState.DELIVERED, MessageState.READ));
        assertThat(receipts.memberCursors(CONV)).containsEntry(PEER, new ReceiptTracker.Cursors(3, 3));
    }

    @Test
    void aReceiptThatCameBeforeTheSentAnswerStillApplies() throws Exception {
        Outbox o = outbox(3);
        receipts.onReceipt(new ReceiptFrame(CONV, PEER, 1, 0));
        OutgoingMessage sent = o.submit(CONV, null, "fast", "aGk=").get(5, TimeUnit.SECONDS);
        assertThat(sent.state()).isEqualTo(MessageState.SENT); // the future reports SENT
        assertThat(o.get("fast").orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
    }

    @Test
    void theConversationListsPeerCursorsApplyToo() throws Exception {
        Outbox o = outbox(3);
        o.submit(CONV, null, "x", "aGk=").get(5, TimeUnit.SECONDS);
        receipts.onConversationList(new ConversationListFrame("r", List.of(
                new ConversationSummary(CONV, "direct", PEER, 1, 0, 0, 1, 1, 0L, 1L, null, null, null, null, null))));
        assertThat(o.get("x").orElseThrow().state()).isEqualTo(MessageState.READ);
    }

    @Test
    void groupMessagesFollowTheAggregatedCursorsOnceKnown() throws Exception {
        String group = "g0000000000000007";
        server = f -> CompletableFuture.completedFuture(new SentFrame(f.reqId(), group, f.clientMsgId(), 5, 1, false));
        Outbox o = outbox(3);
        o.submit(group, null, "gm", "aGk=").get(5, TimeUnit.SECONDS);
        receipts.onReceipt(new ReceiptFrame(group, PEER, 5, 5)); // one member has read it: not all
        assertThat(o.get("gm").orElseThrow().state()).isEqualTo(MessageState.SENT);
        assertThat(receipts.memberCursors(group)).containsEntry(PEER, new ReceiptTracker.Cursors(5, 5));
        receipts.onGroupReceipt(new GroupReceiptFrame(group, 5, 4));
        assertThat(o.get("gm").orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
        receipts.onConversationList(new ConversationListFrame("r", List.of(new ConversationSummary(group, "group", null,
                5, 0, 0, 5, 5, null, null, "friends", 3, 5L, 5L, false))));
        assertThat(o.get("gm").orElseThrow().state()).isEqualTo(MessageState.READ);
        assertThat(receipts.groupCursors(group)).contains(new ReceiptTracker.Cursors(5, 5));
    }

    @Test
    void failAllFailsEverythingStillSending() {
        server = f -> new CompletableFuture<>(); // never answered
        Outbox o = outbox(3);
        CompletableFuture<OutgoingMessage> f = o.submit(CONV, null, "stuck", "aGk=");
        o.failAll("displaced");
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(MessageFailedException.class);
        assertThat(o.get("stuck").orElseThrow().failure()).isEqualTo("displaced");
    }

    @Test
    void aRateLimitedSendWaitsWhatTheServerAskedAndTheRefusalsDoNotCountAsAttempts() throws Exception {
        List<CompletableFuture<SentFrame>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(CompletableFuture.failedFuture(new ChatErrorException(
                    ErrorFrame.rateLimited("r", "too many frames", 100))));
        }
        server = f -> answers.isEmpty() ? sent(f, 3, false) : answers.remove(0);
        Outbox o = outbox(2);
        long started = System.nanoTime();
        OutgoingMessage m = o.submit(CONV, null, "throttled", "aGk=").get(5, TimeUnit.SECONDS);
        assertThat(m.state()).isEqualTo(MessageState.SENT);
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(wire).hasSize(4).allSatisfy(f -> assertThat(f.clientMsgId()).isEqualTo("throttled"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aSendShedByABusyBrokerWaitsWhatItAskedAndTheRefusalsDoNotCountAsAttempts() throws Exception {
        List<CompletableFuture<SentFrame>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(CompletableFuture.failedFuture(new ChatErrorException(
                    ErrorFrame.unavailable("r", "server busy", 100))));
        }
        server = f -> answers.isEmpty() ? sent(f, 3, false) : answers.remove(0);
        Outbox o = outbox(2);
        long started = System.nanoTime();
        OutgoingMessage m = o.submit(CONV, null, "shed", "aGk=").get(5, TimeUnit.SECONDS);
        assertThat(m.state()).isEqualTo(MessageState.SENT);
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(wire).hasSize(4).allSatisfy(f -> assertThat(f.clientMsgId()).isEqualTo("shed"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aMessageFailsWhenItsTimeRunsOutEvenWithAttemptsLeft() {
        server = f -> error(ErrorCode.UNAVAILABLE);
        Outbox o = new Outbox(f -> {
            wire.add(f);
            return server.apply(f);
        }, new ResendPolicy(new Backoff(Duration.ofMillis(20), Duration.ofMillis(20)), 1000,
                Duration.ofMillis(300)), scheduler, callbacks, receipts);
        CompletableFuture<OutgoingMessage> f = o.submit(CONV, null, "late", "aGk=");
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(MessageFailedException.class);
        assertThat(wire.size()).isBetween(2, 100);
        assertThat(o.get("late").orElseThrow().failure()).contains("UNAVAILABLE");
    }
}
