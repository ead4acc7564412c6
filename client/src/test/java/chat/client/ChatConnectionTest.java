package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import chat.model.CloseCodes;
import chat.model.ErrorCode;
import chat.model.frames.AckedFrame;
import chat.model.frames.ChatMessage;
import chat.model.frames.ErrorFrame;
import chat.model.frames.HelloFrame;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.ReceiptFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ChatConnection against the in-JVM fake server: framing, correlation, errors, timeouts, closes. */
class ChatConnectionTest {
    static final String ALICE = "u00000000000000a1";
    static final String BOB = "u00000000000000b1";
    static final String ALICE_PHONE = "d00000000000000a1";
    static final String BOB_PHONE = "d00000000000000b1";
    static final Duration T = Duration.ofSeconds(5);

    private FakeChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = new FakeChatServer();
        server.device("alice-token", ALICE, ALICE_PHONE);
        server.device("bob-token", BOB, BOB_PHONE);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    static String body(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes());
    }

    private ChatConnection open(String bearer) throws Exception {
        return FrameRecorder.open(server.uri(), bearer, T).get(5, TimeUnit.SECONDS);
    }

    @Test
    void helloArrivesFirstEvenWhenFragmented() throws Exception {
        server.helloFragments = 7;
        try (ChatConnection c = open("alice-token")) {
            HelloFrame hello = c.hello().get(5, TimeUnit.SECONDS);
            assertThat(hello.userId()).isEqualTo(ALICE);
            assertThat(hello.deviceId()).isEqualTo(ALICE_PHONE);
            assertThat(FrameRecorder.of(c).frames().peek()).isEqualTo(hello);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void refusedUpgradeFailsWithTheHttpStatusAndCode() {
        Throwable failure = catchThrowable(() -> FrameRecorder.open(server.uri(), "wrong", T)
                .get(5, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ChatConnectException.class);
        ChatConnectException refused = (ChatConnectException) failure.getCause();
        assertThat(refused.httpStatus()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(refused.getMessage()).contains("unknown device");

        server.refuseUpgrades.set(1);
        Throwable busy = catchThrowable(() -> FrameRecorder.open(server.uri(), "alice-token", T)
                .get(5, TimeUnit.SECONDS));
        assertThat(((ChatConnectException) busy.getCause()).httpStatus()).isEqualTo(503);
        assertThat(((ChatConnectException) busy.getCause()).code()).isEqualTo(ErrorCode.UNAVAILABLE);

        Throwable none = catchThrowable(() -> FrameRecorder.open(server.uri(), null, T).get(5, TimeUnit.SECONDS));
        assertThat(((ChatConnectException) none.getCause()).httpStatus()).isEqualTo(401);
    }

    @Test
    void unreachableServerFailsWithStatusZero() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Throwable failure = catchThrowable(() -> FrameRecorder.open(URI.create("ws://127.0.0.1:" + port + "/v1/ws"),
                "x", T).get(10, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isInstanceOf(ChatConnectException.class);
        assertThat(((ChatConnectException) failure.getCause()).httpStatus()).isZero();
    }

    @Test
    void manyConcurrentRequestsAreCorrelatedByReqId() throws Exception {
        try (ChatConnection a = open("alice-token"); ChatConnection b = open("bob-token")) {
            a.hello().get(5, TimeUnit.SECONDS);
            SentFrame first = a.send(new SendFrame(null, null, BOB, "m0", body("m0"))).get(5, TimeUnit.SECONDS);
            String conv = first.conversationId();
            List<CompletableFuture<SentFrame>> sends = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int tt = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        CompletableFuture<SentFrame> f = a.send(new SendFrame(null, conv, null, "t" + tt + "-" + i,
                                body("x")));
                        synchronized (sends) {
                            sends.add(f);
                        }
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            CompletableFuture<HistoryPageFrame> history = a.history(conv, null, 500);
            for (CompletableFuture<SentFrame> f : sends) {
                SentFrame s = f.get(5, TimeUnit.SECONDS);
                assertThat(s.duplicate()).isFalse();
            }
            assertThat(sends.stream().map(CompletableFuture::join).map(SentFrame::seq).distinct()).hasSize(200);
            assertThat(history.get(5, TimeUnit.SECONDS).conversationId()).isEqualTo(conv);
            AckedFrame acked = b.ack(conv, 201L, 3L).get(5, TimeUnit.SECONDS);
            assertThat(acked.delivered()).isEqualTo(201);
            assertThat(FrameRecorder.of(a).awaitFrame(ReceiptFrame.class, r -> r.read() == 3, T)).isNotNull();
            assertThat(a.pendingRequests()).isZero();
        }
    }

    @Test
    void anErrorFrameFailsItsRequestAndOneWithoutReqIdIsObservable() throws Exception {
        try (ChatConnection c = open("alice-token")) {
            Throwable failure = catchThrowable(() -> c.send(new SendFrame(null, "g0000000000000000", null, "x",
                    body("x"))).get(5, TimeUnit.SECONDS));
            assertThat(failure.getCause()).isInstanceOf(ChatErrorException.class);
            ChatErrorException error = (ChatErrorException) failure.getCause();
            assertThat(error.code()).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
            assertThat(error.retryable()).isFalse();

            c.sendRaw("{\"type\":\"send\",").get(5, TimeUnit.SECONDS);
            ErrorFrame bare = FrameRecorder.of(c).awaitFrame(ErrorFrame.class, e -> e.reqId() == null, T);
            assertThat(bare.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void syncCollectsEveryPageUntilTheEnd() throws Exception {
        try (ChatConnection a = open("alice-token"); ChatConnection b = open("bob-token")) {
            String conv = null;
            for (int i = 1; i <= 25; i++) {
                conv = a.send(new SendFrame(null, conv, conv == null ? BOB : null, "s" + i, body("s" + i)))
                        .get(5, TimeUnit.SECONDS).conversationId();
            }
            SyncResult all = b.sync(Map.of(), 10).get(5, TimeUnit.SECONDS);
            assertThat(all.caughtUp()).isTrue();
            assertThat(all.pages()).hasSize(3);
            assertThat(all.messages()).extracting(ChatMessage::seq).hasSize(25).isSorted();
            assertThat(all.reportedMessages()).isEqualTo(25);

            server.maxSyncMessages = 20;
            SyncResult partial = b.sync(Map.of(conv, 2L), null).get(5, TimeUnit.SECONDS);
            assertThat(partial.caughtUp()).isFalse();
            assertThat(partial.messages()).extracting(ChatMessage::seq).startsWith(3L).endsWith(22L);
        }
    }

    @Test
    void liveMessagesAndReceiptsReachListenersAndTheQueue() throws Exception {
        try (ChatConnection a = open("alice-token"); ChatConnection b = open("bob-token")) {
            List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            b.addListener(seen::add);
            a.hello().get(5, TimeUnit.SECONDS);
            b.hello().get(5, TimeUnit.SECONDS);
            SentFrame s = a.send(new SendFrame(null, null, BOB, "hi", body("hi"))).get(5, TimeUnit.SECONDS);
            MessageFrame m = FrameRecorder.of(b).awaitFrame(MessageFrame.class, T);
            assertThat(m.message().seq()).isEqualTo(s.seq());
            assertThat(seen).contains(m);
        }
    }

    @Test
    void anyFrameTypeCanBeRequestedGenerically() throws Exception {
        try (ChatConnection c = open("alice-token")) {
            chat.model.frames.ConversationListFrame list = c.request(
                    new chat.model.frames.ListConversationsFrame(c.newReqId()),
                    chat.model.frames.ConversationListFrame.class).get(5, TimeUnit.SECONDS);
            assertThat(list.conversations()).isEmpty();
            assertThatThrownBy(() -> c.request(new chat.model.frames.ListConversationsFrame(null),
                    chat.model.frames.ConversationListFrame.class).get()).hasCauseInstanceOf(
                    IllegalArgumentException.class);
            // an answer of the wrong type fails the request instead of hanging it
            assertThatThrownBy(() -> c.request(new chat.model.frames.ListConversationsFrame(c.newReqId()),
                    chat.model.frames.HistoryPageFrame.class).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aRequestWithoutAnswerTimesOut() throws Exception {
        server.ignoreSends.set(1);
        ChatConnection c = ChatConnection.open(server.uri(), "alice-token", T,
                ConnectionOptions.defaults().withRequestTimeout(Duration.ofMillis(300))).get(5, TimeUnit.SECONDS);
        try (c) {
            Throwable failure = catchThrowable(() -> c.send(new SendFrame(null, null, BOB, "lost", body("x")))
                    .get(5, TimeUnit.SECONDS));
            assertThat(failure.getCause()).isInstanceOf(RequestTimeoutException.class);
            // the resend finds the stored message
            SentFrame again = c.send(new SendFrame(null, null, BOB, "lost", body("x"))).get(5, TimeUnit.SECONDS);
            assertThat(again.duplicate()).isTrue();
            assertThat(c.pendingRequests()).isZero();
        }
    }

    @Test
    void aServerCloseEndsTheConnectionAndFailsWhatWasPending() throws Exception {
        server.ignoreSends.set(1);
        ChatConnection first = open("alice-token");
        first.hello().get(5, TimeUnit.SECONDS);
        CompletableFuture<SentFrame> pending = first.send(new SendFrame(null, null, BOB, "p", body("p")));
        try (ChatConnection second = open("alice-token")) {
            CloseInfo closed = first.closed().get(5, TimeUnit.SECONDS);
            assertThat(closed.code()).isEqualTo(CloseCodes.DISPLACED);
            assertThat(closed.byServer()).isTrue();
            assertThat(closed.displaced()).isTrue();
            assertThat(first.isOpen()).isFalse();
            assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ConnectionClosedException.class);
            assertThatThrownBy(() -> first.conversations().get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ConnectionClosedException.class);
            assertThat(second.conversations().get(5, TimeUnit.SECONDS).conversations()).hasSize(1);
        }
    }

    @Test
    void aClientCloseCompletesClosed() throws Exception {
        ChatConnection c = open("alice-token");
        c.hello().get(5, TimeUnit.SECONDS);
        CloseInfo info = c.close(1000, "done").get(5, TimeUnit.SECONDS);
        assertThat(info.code()).isEqualTo(1000);
        assertThat(info.byServer()).isFalse();
        assertThatThrownBy(() -> c.sendRaw("{}").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void anAbortedConnectionReportsAbnormalClosure() throws Exception {
        ChatConnection c = open("alice-token");
        c.hello().get(5, TimeUnit.SECONDS);
        c.abort();
        assertThat(c.closed().get(5, TimeUnit.SECONDS).code()).isEqualTo(CloseInfo.ABNORMAL);
    }

    private ChatConnection openWatching(Duration silenceLimit) throws Exception {
        return ChatConnection.open(server.uri(), "alice-token", T,
                FrameRecorder.options().withSilenceLimit(silenceLimit)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aDroppedTcpConnectionIsNoticed() throws Exception {
        // Usually by the end of stream; when the JDK loses it (see SilenceWatch), by the unanswered ping.
        ChatConnection c = openWatching(Duration.ofSeconds(1));
        c.hello().get(5, TimeUnit.SECONDS);
        server.liveConnection(ALICE_PHONE).kill();
        CloseInfo info = c.closed().get(30, TimeUnit.SECONDS);
        assertThat(info.code()).isEqualTo(CloseInfo.ABNORMAL);
    }

    @Test
    void aServerThatFallsSilentIsPingedThenGivenUp() throws Exception {
        ChatConnection c = openWatching(Duration.ofMillis(300));
        c.hello().get(5, TimeUnit.SECONDS);
        FakeWebSocketServer.Conn conn = server.liveConnection(ALICE_PHONE);
        conn.deaf = true;
        CloseInfo info = c.closed().get(30, TimeUnit.SECONDS);
        assertThat(info.code()).isEqualTo(CloseInfo.ABNORMAL);
        assertThat(info.byServer()).isFalse();
        assertThat(info.reason()).startsWith("no answer from the server for ");
        assertThat(conn.pings.get()).isPositive();
    }

    @Test
    void aQuietServerThatAnswersPingsKeepsTheConnection() throws Exception {
        try (ChatConnection c = openWatching(Duration.ofMillis(200))) {
            c.hello().get(5, TimeUnit.SECONDS);
            FakeWebSocketServer.Conn conn = server.liveConnection(ALICE_PHONE);
            await().atMost(Duration.ofSeconds(30)).until(() -> conn.pings.get() >= 3);
            assertThat(c.isOpen()).isTrue();
            assertThat(c.conversations().get(5, TimeUnit.SECONDS).conversations()).isNotNull();
        }
    }

    @Test
    void invalidRequestsFailWithoutReachingTheWire() {
        try (ChatConnection c = open("alice-token")) {
            assertThatThrownBy(() -> c.ack("not-a-conversation", 1L, null).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(chat.model.ChatException.class);
            assertThatThrownBy(() -> c.history("g0000000000000000", null, 100_000).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(chat.model.ChatException.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
