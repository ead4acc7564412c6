package chat.client;

import static chat.client.ChatConnectionTest.ALICE;
import static chat.client.ChatConnectionTest.ALICE_PHONE;
import static chat.client.ChatConnectionTest.BOB;
import static chat.client.ChatConnectionTest.BOB_PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.store.LocalStore;
import chat.model.frames.EnvelopeKind;
import chat.model.frames.EnvelopeStatus;
import chat.model.frames.EnvelopeSuite;
import chat.model.frames.EnvelopeResult;
import chat.model.frames.InboxAckFrame;
import chat.model.frames.OutgoingEnvelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's envelope inbox against the fake server: every envelope reaches the listener exactly once and in inbox seq
 * order whether it came live (repeated, or past a gap) or by inboxSync, is acked after the listener returned, and a
 * restarted device with a store resumes after the envelopes it processed.
 */
class EnvelopeInboxTest {
    private FakeChatServer server;
    private final List<ChatDevice> devices = new ArrayList<>();
    @TempDir
    Path profile;

    @BeforeEach
    void start() throws Exception {
        server = new FakeChatServer();
        server.device("alice-cred", ALICE, ALICE_PHONE);
        server.device("bob-cred", BOB, BOB_PHONE);
    }

    @AfterEach
    void stop() throws Exception {
        devices.forEach(ChatDevice::close);
        server.close();
    }

    static final class Envelopes implements ChatDevice.Listener {
        final List<ReceivedEnvelope> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onEnvelope(ReceivedEnvelope envelope) {
            seen.add(envelope);
        }

        List<Long> seqs() {
            return seen.stream().map(ReceivedEnvelope::seq).toList();
        }

        List<String> texts() {
            return seen.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList();
        }
    }

    private ChatDevice device(String credential, ChatDevice.Listener listener, LocalStore store) throws Exception {
        ChatDeviceBuilder b = ChatDevice.builder(server.uri(), credential)
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)))
                .requestTimeout(Duration.ofSeconds(2))
                .listener(listener);
        if (store != null) {
            b.store(store.deviceStore());
        }
        ChatDevice d = b.build();
        devices.add(d);
        d.start().get(5, TimeUnit.SECONDS);
        return d;
    }

    private static OutgoingEnvelope toBob(String id, String text) {
        return new OutgoingEnvelope(BOB, BOB_PHONE, id, EnvelopeSuite.SIGNAL_V3, EnvelopeKind.WHISPER,
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void repeatedLivePushesReachTheListenerOnceInOrderAndAreAcked() throws Exception {
        Envelopes bob = new Envelopes();
        device("bob-cred", bob, null);
        ChatDevice alice = device("alice-cred", new Envelopes(), null);
        server.inboxes.pushCopies = 2;

        List<EnvelopeResult> results = alice.sendEnvelopes(List.of(toBob("a", "one"), toBob("b", "two"),
                toBob("c", "three"))).get(5, TimeUnit.SECONDS).results();

        assertThat(results).extracting(EnvelopeResult::status).containsOnly(EnvelopeStatus.STORED);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.pendingEnvelopes(BOB_PHONE).isEmpty());
        assertThat(bob.texts()).containsExactly("one", "two", "three");
        assertThat(bob.seen.get(0).senderUserId()).isEqualTo(ALICE);
        assertThat(bob.seen.get(0).senderDeviceId()).isEqualTo(ALICE_PHONE);
        assertThat(bob.seen.get(0).kind()).isEqualTo(EnvelopeKind.WHISPER);
    }

    @Test
    void aLivePushPastAGapWaitsForTheInboxSyncThatFillsIt() throws Exception {
        Envelopes bob = new Envelopes();
        device("bob-cred", bob, null);
        ChatDevice alice = device("alice-cred", new Envelopes(), null);
        server.inboxes.dropLive = e -> e.seq() == 2;

        alice.sendEnvelopes(List.of(toBob("a", "one"), toBob("b", "two"), toBob("c", "three")))
                .get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> bob.seen.size() == 3);
        assertThat(bob.seqs()).containsExactly(1L, 2L, 3L);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.pendingEnvelopes(BOB_PHONE).isEmpty());
    }

    @Test
    void envelopesStoredWhileOfflineArriveOnConnectAndARestartWithAStoreDoesNotHandThemOutAgain() throws Exception {
        ChatDevice alice = device("alice-cred", new Envelopes(), null);
        alice.sendEnvelopes(List.of(toBob("a", "one"), toBob("b", "two"))).get(5, TimeUnit.SECONDS);
        Envelopes firstRun = new Envelopes();
        server.inboxes.loseAcks = true;
        try (LocalStore store = LocalStore.open(profile)) {
            ChatDevice bob = device("bob-cred", firstRun, store);
            await().atMost(Duration.ofSeconds(10)).until(() -> firstRun.seen.size() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.received.stream()
                    .anyMatch(f -> f instanceof InboxAckFrame));
            bob.close();
        }
        // The acks were lost: the server still holds both envelopes, and will serve them again.
        assertThat(server.pendingEnvelopes(BOB_PHONE)).hasSize(2);
        server.inboxes.loseAcks = false;
        Envelopes secondRun = new Envelopes();
        alice.sendEnvelopes(List.of(toBob("c", "three"))).get(5, TimeUnit.SECONDS);

        try (LocalStore store = LocalStore.open(profile)) {
            ChatDevice bob = device("bob-cred", secondRun, store);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.pendingEnvelopes(BOB_PHONE).isEmpty());
            assertThat(firstRun.texts()).containsExactly("one", "two");
            assertThat(secondRun.texts()).containsExactly("three");
            assertThat(bob.envelopeCursor()).isEqualTo(3);
        }
    }
}
