package chat.client;

import static chat.client.ChatConnectionTest.ALICE;
import static chat.client.ChatConnectionTest.ALICE_PHONE;
import static chat.client.ChatConnectionTest.BOB;
import static chat.client.ChatConnectionTest.BOB_PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.model.Ids;
import chat.model.frames.ChatMessage;
import chat.model.frames.SyncFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ChatDevice against the in-JVM fake server: ordering, exactly-once, states, reconnects, gap repair. */
class ChatDeviceTest {
    private static final String DM = Ids.directConversationId(ALICE, BOB);
    /**
     * Bound of every wait on a condition: generous, as the waits end when the condition holds; a tight one fails
     * under load (another process keeping a core busy) without anything being wrong.
     */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BOB_LAPTOP = "d00000000000000b2";

    private FakeChatServer server;
    private final List<ChatDevice> devices = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new FakeChatServer();
        server.device("alice-cred", ALICE, ALICE_PHONE);
        server.device("bob-cred", BOB, BOB_PHONE);
        server.device("bob-laptop-cred", BOB, BOB_LAPTOP);
    }

    @AfterEach
    void stop() throws IOException {
        devices.forEach(ChatDevice::close);
        server.close();
    }

    /** Records what a device's listener sees. */
    static final class Recorder implements ChatDevice.Listener {
        final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
        final List<OutgoingMessage> outgoing = new CopyOnWriteArrayList<>();
        final List<ChatDevice.State> states = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(ChatMessage message) {
            messages.add(message);
        }

        @Override
        public void onOutgoing(OutgoingMessage message) {
            outgoing.add(message);
        }

        @Override
        public void onState(ChatDevice.State state, String detail) {
            states.add(state);
        }

        List<Long> seqs(String conversation) {
            return messages.stream().filter(m -> m.conversationId().equals(conversation)).map(ChatMessage::seq)
                    .toList();
        }

        List<String> texts() {
            return messages.stream().map(m -> new String(Base64.getDecoder().decode(m.body()), StandardCharsets.UTF_8))
                    .toList();
        }
    }

    private ChatDevice device(String credential, Recorder recorder,
            java.util.function.UnaryOperator<ChatDeviceBuilder> tweak)
            throws Exception {
        ChatDeviceBuilder b = ChatDevice.builder(server.uri(), credential)
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)))
                .requestTimeout(Duration.ofSeconds(2))
                .gapRepairAfter(Duration.ofMillis(300))
                .listener(recorder);
        ChatDevice d = tweak.apply(b).build();
        devices.add(d);
        d.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return d;
    }

    private ChatDevice device(String credential, Recorder recorder) throws Exception {
        return device(credential, recorder, b -> b);
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }

    @Test
    void messagesArriveInOrderExactlyOnceDespiteShuffledDuplicatedPushesAndSenderSeesDeliveredThenRead()
            throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        ChatDevice alice = device("alice-cred", a);
        ChatDevice bob = device("bob-cred", b);
        assertThat(alice.state()).isEqualTo(ChatDevice.State.ONLINE);
        assertThat(alice.userId()).isEqualTo(ALICE);

        server.holdLive = true;
        List<CompletableFuture<OutgoingMessage>> sent = new ArrayList<>();
        sent.add(alice.sendText(BOB, "m1")); // by user id: the conversation is created
        sent.get(0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (int i = 2; i <= 40; i++) {
            sent.add(alice.sendText(DM, "m" + i));
        }
        for (CompletableFuture<OutgoingMessage> f : sent) {
            assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(MessageState.SENT);
        }
        assertThat(sent.stream().map(CompletableFuture::join).map(OutgoingMessage::seq).toList())
                .containsExactlyInAnyOrderElementsOf(range(1, 40));
        server.holdLive = false;
        server.releaseHeld(7);

        await().atMost(WAIT).until(() -> b.messages.size() >= 40);
        Thread.sleep(200);
        assertThat(b.seqs(DM)).containsExactlyElementsOf(range(1, 40));
        assertThat(bob.inbox().duplicates()).isPositive();
        // The sender's own timeline has its messages too, once each, in order.
        assertThat(a.seqs(DM)).containsExactlyElementsOf(range(1, 40));

        // bob auto-acks delivered: alice's messages become DELIVERED; reading moves them to READ.
        await().atMost(WAIT).until(() -> alice.outbox().messages().stream()
                .allMatch(m -> m.state() == MessageState.DELIVERED));
        bob.markRead(DM, 40);
        await().atMost(WAIT).until(() -> alice.outbox().messages().stream()
                .allMatch(m -> m.state() == MessageState.READ));
        assertThat(a.outgoing.stream().filter(m -> m.seq() == 40).map(OutgoingMessage::state))
                .containsSubsequence(MessageState.SENT, MessageState.DELIVERED, MessageState.READ);
        assertThat(server.received.stream().filter(f -> f instanceof chat.model.frames.AckFrame).count())
                .as("acks are coalesced").isLessThan(40);
    }

    @Test
    void aPersistentGapIsRepairedBySync() throws Exception {
        Recorder b = new Recorder();
        ChatDevice alice = device("alice-cred", new Recorder());
        ChatDevice bob = device("bob-cred", b);
        server.dropLive = m -> m.seq() == 3;
        for (int i = 1; i <= 5; i++) {
            alice.sendText(BOB, "g" + i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> b.messages.size() >= 5);
        assertThat(b.seqs(DM)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(bob.inbox().hasGap(DM)).isFalse();
        assertThat(server.received.stream().filter(SyncFrame.class::isInstance).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aDeviceThatWasOfflineCatchesUpOnConnectAcrossSeveralSyncRounds() throws Exception {
        ChatDevice alice = device("alice-cred", new Recorder());
        for (int i = 1; i <= 30; i++) {
            alice.sendText(BOB, "o" + i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        server.maxSyncMessages = 7; // forces caughtUp=false rounds
        Recorder b = new Recorder();
        ChatDevice bob = device("bob-cred", b, x -> x.syncLimit(3));
        assertThat(b.seqs(DM)).containsExactlyElementsOf(range(1, 30));
        assertThat(bob.inbox().contiguous(DM)).isEqualTo(30);
        assertThat(b.texts().get(0)).isEqualTo("o1");
    }

    @Test
    void afterAnUnexpectedCloseTheDeviceReconnectsSyncsAndResendsWhatWasPending() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        ChatDevice alice = device("alice-cred", a);
        ChatDevice bob = device("bob-cred", b);
        alice.sendText(BOB, "before").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().until(() -> b.messages.size() == 1);

        server.liveConnection(BOB_PHONE).close(1001, "going away");
        await().atMost(WAIT).until(() -> b.states.contains(ChatDevice.State.RECONNECTING));
        for (int i = 1; i <= 5; i++) {
            alice.sendText(DM, "while away " + i);
        }
        // bob's connection drops without a close frame while bob is sending
        bob.awaitOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        server.ignoreSends.set(1);
        CompletableFuture<OutgoingMessage> fromBob = bob.sendText(DM, "from bob");
        Thread.sleep(100);
        bob.dropConnection();
        OutgoingMessage m = fromBob.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(m.state().stored()).isTrue();

        await().atMost(WAIT).until(() -> b.messages.size() >= 7);
        assertThat(b.seqs(DM)).containsExactlyElementsOf(range(1, 7));
        assertThat(server.stored(DM)).hasSize(7); // the resend stored nothing new
        await().atMost(WAIT).until(() -> a.messages.size() >= 7);
        assertThat(a.seqs(DM)).containsExactlyElementsOf(range(1, 7));
    }

    @Test
    void aDisplacedDeviceDoesNotReconnect() throws Exception {
        Recorder b = new Recorder();
        ChatDevice bob = device("bob-cred", b);
        // a second client with the same credential takes over
        try (ChatConnection other = FrameRecorder.open(server.uri(), "bob-cred", WAIT)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            await().atMost(WAIT).until(() -> bob.state() == ChatDevice.State.DISPLACED);
            Thread.sleep(300);
            assertThat(bob.state()).isEqualTo(ChatDevice.State.DISPLACED);
            assertThat(b.states).doesNotContain(ChatDevice.State.RECONNECTING);
            assertThat(other.isOpen()).isTrue();
            assertThatThrownBy(() -> bob.sendText(ALICE, "x").get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MessageFailedException.class);
        }
    }

    @Test
    void retryableSendErrorsAreRetriedWithTheSameClientMsgId() throws Exception {
        ChatDevice alice = device("alice-cred", new Recorder());
        server.failSends.set(2);
        OutgoingMessage m = alice.send(BOB, "x".getBytes(), "fixed-id").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(m.attempts()).isEqualTo(3);
        assertThat(m.seq()).isEqualTo(1);
        assertThat(server.received.stream().filter(chat.model.frames.SendFrame.class::isInstance)
                .map(f -> ((chat.model.frames.SendFrame) f).clientMsgId())).containsOnly("fixed-id").hasSize(3);
    }

    @Test
    void aSendThatNeverSucceedsEndsFailed() throws Exception {
        ChatDevice alice = device("alice-cred", new Recorder(), x -> x.maxSendAttempts(2));
        server.failSends.set(10);
        assertThatThrownBy(() -> alice.sendText(BOB, "no").get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(MessageFailedException.class);
        assertThat(alice.outbox().messages()).singleElement()
                .satisfies(o -> assertThat(o.state()).isEqualTo(MessageState.FAILED));
    }

    @Test
    void aRefusedCredentialFailsStart() {
        ChatDevice d = ChatDevice.builder(server.uri(), "nope").build();
        devices.add(d);
        assertThatThrownBy(() -> d.start().get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(ChatConnectException.class);
        assertThat(d.state()).isEqualTo(ChatDevice.State.FAILED);
    }

    @Test
    void aGroupMessageIsReadOnlyWhenEveryMemberHasReadIt() throws Exception {
        String group = "g0000000000000008";
        server.device("carol-cred", "u00000000000000c1", "d00000000000000c1");
        server.group(group, Map.of(ALICE, 0L, BOB, 0L, "u00000000000000c1", 0L));
        ChatDevice alice = device("alice-cred", new Recorder());
        ChatDevice bob = device("bob-cred", new Recorder(), x -> x.autoAckRead(true));
        ChatDevice carol = device("carol-cred", new Recorder());
        OutgoingMessage m = alice.sendText(group, "hi all").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // bob reads, carol's device acks delivered: delivered to all, read by one
        await().atMost(WAIT).until(() -> alice.receipts().groupCursors(group)
                .map(c -> c.delivered() >= 1).orElse(false));
        assertThat(alice.outbox().get(m.clientMsgId()).orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
        carol.markRead(group, 1);
        await().atMost(WAIT).until(() ->
                alice.outbox().get(m.clientMsgId()).orElseThrow().state() == MessageState.READ);
        assertThat(bob.inbox().contiguous(group)).isEqualTo(1);
    }

    @Test
    void aMemberWhoJoinedLateStartsAtItsJoinSeq() throws Exception {
        String group = "g0000000000000009";
        server.group(group, Map.of(ALICE, 0L));
        ChatDevice alice = device("alice-cred", new Recorder());
        for (int i = 1; i <= 4; i++) {
            alice.sendText(group, "early " + i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        server.group(group, Map.of(ALICE, 0L, BOB, 4L)); // bob joins after seq 4
        for (int i = 5; i <= 6; i++) {
            alice.sendText(group, "late " + i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        Recorder b = new Recorder();
        ChatDevice bob = device("bob-cred", b);
        assertThat(b.seqs(group)).containsExactly(5L, 6L);
        alice.sendText(group, "live 7").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> b.seqs(group).size() == 3);
        assertThat(b.seqs(group)).containsExactly(5L, 6L, 7L);
        assertThat(bob.inbox().contiguous(group)).isEqualTo(7);
    }

    @Test
    void theSendersOtherDeviceSeesItsMessagesAndTheConversationListDrivesStates() throws Exception {
        Recorder laptop = new Recorder();
        ChatDevice bob = device("bob-cred", new Recorder());
        device("bob-laptop-cred", laptop);
        ChatDevice alice = device("alice-cred", new Recorder(), x -> x.autoAckDelivered(false));
        OutgoingMessage m = bob.sendText(ALICE, "from phone").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> laptop.messages.size() == 1);
        assertThat(laptop.messages.get(0).senderDeviceId()).isEqualTo(BOB_PHONE);

        alice.markRead(DM, 1);
        await().atMost(WAIT).until(() -> alice.acks().idle());
        // even without the receipt, the list's peer cursors move the state
        bob.outbox().forget(m.clientMsgId());
        OutgoingMessage again = bob.send(DM, "x".getBytes()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(again.seq()).isEqualTo(2);
        alice.markRead(DM, 2);
        await().atMost(WAIT).until(() -> alice.acks().idle());
        bob.conversations().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() ->
                bob.outbox().get(again.clientMsgId()).orElseThrow().state() == MessageState.READ);
    }

    @Test
    void theFirstConnectionFailsOverToTheNextBrokerWhenOneIsDown() throws Exception {
        Recorder r = new Recorder();
        ChatDevice d = ChatDevice.builder(List.of(deadBroker(), server.uri()), "alice-cred")
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)))
                .listener(r)
                .build();
        devices.add(d);
        d.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(d.state()).isEqualTo(ChatDevice.State.ONLINE);
        assertThat(r.states).contains(ChatDevice.State.RECONNECTING);
    }

    @Test
    void aDeviceWhoseBrokerWentAwayReconnectsThroughTheOtherBrokers() throws Exception {
        Recorder b = new Recorder();
        ChatDevice bob = ChatDevice.builder(List.of(server.uri(), deadBroker()), "bob-cred")
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)))
                .listener(b)
                .build();
        devices.add(bob);
        bob.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        ChatDevice alice = device("alice-cred", new Recorder());
        server.liveConnection(BOB_PHONE).close(1001, "going away");
        alice.sendText(BOB, "while bob moves").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> b.messages.size() == 1);
        assertThat(bob.state()).isEqualTo(ChatDevice.State.ONLINE);
        assertThat(b.states).containsSubsequence(ChatDevice.State.ONLINE, ChatDevice.State.RECONNECTING,
                ChatDevice.State.RECONNECTING, ChatDevice.State.SYNCING, ChatDevice.State.ONLINE);
    }

    @Test
    void aDeviceWhoseBrokersAreAllDownFailsToStart() throws Exception {
        ChatDevice d = ChatDevice.builder(List.of(deadBroker(), deadBroker()), "alice-cred")
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)))
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        devices.add(d);
        assertThatThrownBy(() -> d.start().get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(ChatConnectException.class);
        assertThat(d.state()).isEqualTo(ChatDevice.State.FAILED);
    }

    /** A WebSocket URL on which nothing listens. */
    private static java.net.URI deadBroker() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return java.net.URI.create("ws://127.0.0.1:" + s.getLocalPort() + "/v1/ws");
        }
    }
}
