package chat.client;

import static chat.client.ChatConnectionTest.ALICE;
import static chat.client.ChatConnectionTest.ALICE_PHONE;
import static chat.client.ChatConnectionTest.BOB;
import static chat.client.ChatConnectionTest.BOB_PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.store.LocalStore;
import chat.client.store.PendingSend;
import chat.client.store.StoredMessage;
import chat.model.Ids;
import chat.model.frames.ChatMessage;
import chat.model.frames.SendFrame;
import chat.model.frames.SyncFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device with a {@link LocalStore} against the in-JVM fake server: a restart resumes from the stored cursors, and a
 * message typed offline goes out once, with its clientMsgId, when a connection is back — in the same run or the next.
 */
class ChatDeviceStoreTest {
    private static final String DM = Ids.directConversationId(ALICE, BOB);
    /** Bound of every wait on a condition (generous: the waits end as soon as the condition holds). */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path profile;
    private FakeChatServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeChatServer();
        server.device("alice-cred", ALICE, ALICE_PHONE);
        server.device("bob-cred", BOB, BOB_PHONE);
        server.group(DM, java.util.Map.of(ALICE, 0L, BOB, 0L)); // the direct conversation exists already
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        server.close();
    }

    /** One run of a client process: the store opened from the profile directory, then the device. */
    private final class Run implements AutoCloseable {
        final LocalStore store = LocalStore.open(profile);
        final ChatDeviceTest.Recorder seen = new ChatDeviceTest.Recorder();
        final ChatDevice device;

        Run() {
            this(Outbox.DEFAULT_MAX_ATTEMPTS);
        }

        Run(int maxSendAttempts) {
            device = ChatDevice.builder(server.uri(), "alice-cred")
                    .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)))
                    .requestTimeout(Duration.ofSeconds(2))
                    .maxSendAttempts(maxSendAttempts)
                    .store(store.deviceStore())
                    .listener(seen)
                    .build();
            open.add(this);
        }

        Run started() throws Exception {
            device.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return this;
        }

        @Override
        public void close() {
            if (open.remove(this)) {
                device.close();
                store.close();
            }
        }
    }

    private ChatDevice bob() throws Exception {
        ChatDevice bob = ChatDevice.builder(server.uri(), "bob-cred")
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)))
                .build();
        open.add(bob);
        bob.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return bob;
    }

    private List<SyncFrame> syncs() {
        return server.received.stream().filter(f -> f instanceof SyncFrame).map(f -> (SyncFrame) f).toList();
    }

    private long sendsOf(String clientMsgId) {
        return server.received.stream()
                .filter(f -> f instanceof SendFrame s && s.clientMsgId().equals(clientMsgId)).count();
    }

    private long storedOf(String clientMsgId) {
        return server.stored(DM).stream().filter(m -> clientMsgId.equals(m.clientMsgId())).count();
    }

    /** Takes the device offline: its connection drops and every reconnect is refused until {@link #online}. */
    private void offline(Run run) {
        server.refuseUpgrades.set(1_000_000);
        run.device.dropConnection();
        await().atMost(WAIT).until(() -> run.device.state() == ChatDevice.State.RECONNECTING);
    }

    private void online() {
        server.refuseUpgrades.set(0);
    }

    @Test
    void aRestartedDeviceSyncsFromItsStoredCursorsNotFromZero() throws Exception {
        ChatDevice bob = bob();
        Run first = new Run().started();
        for (int i = 1; i <= 3; i++) {
            bob.sendText(DM, "before " + i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> first.seen.seqs(DM).size() == 3);
        first.close();
        bob.sendText(DM, "while alice was away 4").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        bob.sendText(DM, "while alice was away 5").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        server.received.clear();

        Run second = new Run().started();

        assertThat(syncs()).first().satisfies(s -> assertThat(s.cursors()).containsEntry(DM, 3L));
        await().atMost(WAIT).until(() -> second.seen.seqs(DM).size() == 2);
        assertThat(second.seen.seqs(DM)).containsExactly(4L, 5L);
    }

    @Test
    void everyReceivedMessageIsStoredOnceWithTheCursorAfterIt() throws Exception {
        ChatDevice bob = bob();
        Run run = new Run().started();
        for (int i = 1; i <= 3; i++) {
            bob.sendText(DM, "hello " + i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> run.seen.seqs(DM).size() == 3);
        run.device.syncNow().get(WAIT.toSeconds(), TimeUnit.SECONDS); // the server has them all again: nothing new is stored

        await().atMost(WAIT).until(() -> run.store.cursors().synced().getOrDefault(DM, 0L) == 3);
        assertThat(run.store.messages().page(DM, null, 10)).extracting(StoredMessage::seq).containsExactly(1L, 2L, 3L);
        assertThat(run.store.messages().get(DM, 1).orElseThrow().state()).isNull(); // bob's, not alice's
    }

    @Test
    void anOwnMessageIsStoredWithItsStateUpToRead() throws Exception {
        ChatDevice bob = bob();
        Run run = new Run().started();
        OutgoingMessage sent = run.device.sendText(DM, "hi bob").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        bob.markRead(DM, sent.seq());

        await().atMost(WAIT).until(() -> run.store.messages().get(DM, sent.seq())
                .map(m -> m.state() == MessageState.READ).orElse(false));
        assertThat(run.store.outbox().all()).isEmpty();
    }

    @Test
    void aSendMadeOfflineGoesOutOnceWithItsClientMsgIdWhenTheConnectionIsBack() throws Exception {
        Run run = new Run().started();
        offline(run);

        var pending = run.device.send(DM, "typed offline".getBytes(), "offline-1");
        assertThat(run.store.outbox().sending()).extracting(PendingSend::clientMsgId).containsExactly("offline-1");
        assertThat(sendsOf("offline-1")).isZero();
        online();

        OutgoingMessage sent = pending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(sent.state()).isEqualTo(MessageState.SENT);
        assertThat(sendsOf("offline-1")).isEqualTo(1);
        assertThat(storedOf("offline-1")).isEqualTo(1);
        await().atMost(WAIT).until(() -> run.store.outbox().all().isEmpty());
        assertThat(run.store.messages().get(DM, sent.seq())).map(StoredMessage::clientMsgId).contains("offline-1");
    }

    @Test
    void aSendStillPendingWhenTheProcessEndedGoesOutAfterTheRestart() throws Exception {
        Run first = new Run().started();
        offline(first);
        first.device.send(DM, "typed offline, then the app quit".getBytes(), "offline-2");
        first.close();
        online();

        Run second = new Run().started();

        await().atMost(WAIT).until(() -> storedOf("offline-2") == 1);
        await().atMost(WAIT).until(() -> second.store.outbox().all().isEmpty());
        assertThat(sendsOf("offline-2")).isEqualTo(1);
        ChatMessage stored = server.stored(DM).stream().filter(m -> "offline-2".equals(m.clientMsgId())).findFirst()
                .orElseThrow();
        assertThat(second.store.messages().get(DM, stored.seq())).map(StoredMessage::state)
                .contains(MessageState.SENT);
    }

    @Test
    void aSendTheServerStoredButNeverAnsweredIsStoredOnceAfterTheRestart() throws Exception {
        Run first = new Run().started();
        server.ignoreSends.set(1);
        first.device.send(DM, "answer lost".getBytes(), "lost-1");
        await().atMost(WAIT).until(() -> storedOf("lost-1") == 1);
        first.close();

        Run second = new Run().started();

        await().atMost(WAIT).until(() -> second.store.outbox().all().isEmpty());
        assertThat(sendsOf("lost-1")).isEqualTo(2); // the resend, answered "duplicate"
        assertThat(storedOf("lost-1")).isEqualTo(1);
        assertThat(second.store.messages().find(ALICE_PHONE, "lost-1")).isPresent();
    }

    @Test
    void aRestartedDeviceKeepsAFailedMessageFailedWithoutSendingIt() throws Exception {
        Run first = new Run(2).started();
        server.failSends.set(1_000);
        var failed = first.device.send(DM, "refused twice".getBytes(), "failed-1");
        await().atMost(WAIT).until(failed::isCompletedExceptionally);
        first.close();
        server.failSends.set(0);
        server.received.clear();

        Run second = new Run().started();

        assertThat(second.device.outbox().get("failed-1")).hasValueSatisfying(m -> {
            assertThat(m.state()).isEqualTo(MessageState.FAILED);
            assertThat(m.failure()).contains("UNAVAILABLE");
            assertThat(new String(java.util.Base64.getDecoder().decode(m.body()))).isEqualTo("refused twice");
        });
        await().atMost(WAIT).until(() -> second.seen.outgoing.stream()
                .anyMatch(m -> m.clientMsgId().equals("failed-1") && m.state() == MessageState.FAILED));
        second.device.syncNow().get(WAIT.toSeconds(), TimeUnit.SECONDS); // the connection has been up a while
        assertThat(sendsOf("failed-1")).isZero();
        assertThat(second.store.outbox().get("failed-1")).map(PendingSend::state).contains(MessageState.FAILED);
    }

    @Test
    void aFailedMessageRestoredAfterARestartIsSentWithItsClientMsgIdOnRetry() throws Exception {
        Run first = new Run(1).started();
        server.failSends.set(1_000);
        var failed = first.device.send(DM, "retry me".getBytes(), "failed-2");
        await().atMost(WAIT).until(failed::isCompletedExceptionally);
        first.close();
        server.failSends.set(0);

        Run second = new Run().started();
        OutgoingMessage sent = second.device.retry("failed-2").get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(sent.state()).isEqualTo(MessageState.SENT);
        assertThat(storedOf("failed-2")).isEqualTo(1);
        await().atMost(WAIT).until(() -> second.store.outbox().all().isEmpty());
        assertThat(second.store.messages().get(DM, sent.seq())).map(StoredMessage::clientMsgId).contains("failed-2");
    }
}
