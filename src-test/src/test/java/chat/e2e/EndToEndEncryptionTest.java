package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.client.ChatDevice;
import chat.client.ChatHttpApi;
import chat.client.UndecryptableMessage;
import chat.client.store.LocalStore;
import chat.e2ee.messaging.SealedBody;
import chat.e2ee.messaging.SenderKeyRotation;
import chat.e2ee.session.Failure;
import chat.e2ee.wire.SenderKeyMessage;
import chat.model.frames.ChatMessage;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.ServerFrame;
import chat.system.ChatSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end encryption through the real system (brokers, functions, dynalite and ElasticMQ as processes), with SDK
 * devices whose keys live in real local stores: what one member sends, the others read, while the server only ever
 * holds and forwards Sender Key ciphertext.
 */
@ExtendWith(SharedSystem.class)
class EndToEndEncryptionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private ChatSystem system;
    private TestUsers users;
    private final List<AutoCloseable> open = new ArrayList<>();
    @TempDir
    Path stores;

    @BeforeEach
    void setUp(ChatSystem system) {
        this.system = system;
        this.users = new TestUsers(system);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** One device with its own local store, and what it saw. */
    private final class Member {
        final TestUsers.User user;
        final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
        final List<UndecryptableMessage> unreadable = new CopyOnWriteArrayList<>();
        final List<ChatMessage> raw = new CopyOnWriteArrayList<>();
        final LocalStore store;
        ChatDevice device;

        Member(String prefix) {
            this.user = users.register(prefix);
            this.store = LocalStore.open(stores.resolve(user.handle()));
            open.add(store);
        }

        Member start() throws Exception {
            return start(SenderKeyRotation.DEFAULT);
        }

        Member start(SenderKeyRotation rotation) throws Exception {
            device = ChatDevice.builder(system.ws(0), user.device().credential())
                    .api(new ChatHttpApi(system.api(0)))
                    .endToEnd(store.e2ee())
                    .senderKeyRotation(rotation)
                    .listener(new ChatDevice.Listener() {
                        @Override
                        public void onMessage(ChatMessage m) {
                            messages.add(m);
                        }

                        @Override
                        public void onUndecryptable(UndecryptableMessage m) {
                            unreadable.add(m);
                        }

                        @Override
                        public void onFrame(ServerFrame frame) {
                            if (frame instanceof MessageFrame m) {
                                raw.add(m.message());
                            }
                        }
                    }).build();
            open.add(device);
            device.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            await().atMost(TIMEOUT).until(() -> store.e2ee().hasIdentity() && published(this));
            return this;
        }

        void stop() {
            device.close();
        }

        List<String> texts() {
            return messages.stream().filter(m -> m.body() != null)
                    .map(m -> new String(Base64.getDecoder().decode(m.body()), StandardCharsets.UTF_8)).toList();
        }
    }

    private boolean published(Member m) {
        try {
            chat.client.KeysApi keys = new chat.client.KeysApi(new ChatHttpApi(system.api(0)));
            String bearer = users.api().token(m.user.device().credential()).token();
            return keys.counts(bearer).signedPreKeyId() != null
                    && keys.identities(bearer, m.user.userId()).deviceList() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String secret(String what) {
        return "e2e-" + what + "-" + UUID.randomUUID();
    }

    @Test
    void aOneToOneChatReadsOnBothSidesWhileTheServerOnlyForwardsCiphertext() throws Exception {
        Member alice = new Member("alice").start();
        Member bob = new Member("bob").start();
        String hello = secret("hello");
        String reply = secret("reply");

        alice.device.sendText(bob.user.userId(), hello).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> bob.texts().contains(hello));
        bob.device.sendText("@" + alice.user.handle(), reply).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> alice.texts().contains(reply));

        assertThat(bob.texts()).containsOnlyOnce(hello);
        assertThat(alice.texts()).containsOnlyOnce(hello, reply); // its own message at SENT, and the reply
        assertThat(bob.raw).isNotEmpty().allSatisfy(m -> {
            byte[] body = Base64.getDecoder().decode(m.body());
            assertThat(SealedBody.decode(body).suite()).isEqualTo("signal-v3");
            assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain(hello, reply);
        });
        assertThat(bob.unreadable).isEmpty();
    }

    @Test
    void aGroupReadsEveryMembersMessagesAndAMemberRemovedCannotOpenWhatFollows() throws Exception {
        Member alice = new Member("alice").start();
        Member bob = new Member("bob").start();
        Member carol = new Member("carol").start();
        String group;
        try (ChatConnection c = users.connect(users.addDevice(alice.user.handle(), "raw"))) {
            group = Groups.create(c, "e2e", List.of(bob.user.userId(), carol.user.userId())).conversationId();
        }
        String first = secret("first");
        String fromCarol = secret("from-carol");
        alice.device.sendText(group, first).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> bob.texts().contains(first) && carol.texts().contains(first));
        carol.device.sendText(group, fromCarol).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> alice.texts().contains(fromCarol) && bob.texts().contains(fromCarol));

        try (ChatConnection c = users.connect(users.addDevice(alice.user.handle(), "raw"))) {
            Groups.change(c, group, "remove", List.of(carol.user.userId()), null);
        }
        // Alice's device learns of the removal in the conversation itself, and rotates before its next message.
        await().atMost(TIMEOUT).until(() -> alice.messages.stream().anyMatch(m -> m.event() != null
                && m.event().action() == chat.model.frames.GroupAction.REMOVED));
        String afterRemoval = secret("after-removal");
        alice.device.sendText(group, afterRemoval).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> bob.texts().contains(afterRemoval));

        ChatMessage sealed = bob.raw.stream().filter(m -> m.body() != null
                && alice.user.userId().equals(m.senderUserId())).reduce((a, b) -> b).orElseThrow();
        carol.stop();
        // Carol's own keys, handed the ciphertext directly: the key it was sealed with never reached her.
        var carolCrypto = new chat.e2ee.messaging.ConversationCrypto(
                new chat.e2ee.session.Address(carol.user.userId(), carol.user.device().deviceId()),
                carol.store.e2ee(), carol.store.e2ee(), carol.store.e2ee(), d -> java.util.Optional.empty(),
                new java.security.SecureRandom());
        var attempt = carolCrypto.decrypt(group, new chat.e2ee.session.Address(sealed.senderUserId(),
                sealed.senderDeviceId()), Base64.getDecoder().decode(sealed.body()));
        assertThat(attempt).isInstanceOf(chat.e2ee.session.Decryption.Failed.class);
        assertThat(((chat.e2ee.session.Decryption.Failed) attempt).failure()).isEqualTo(Failure.NO_SENDER_KEY);
        assertThat(carol.texts()).doesNotContain(afterRemoval);
        assertThat(bob.texts()).containsOnlyOnce(first, fromCarol, afterRemoval);
    }

    @Test
    void aSenderKeyIsReplacedAfterItsMessageBudgetAndTheRecipientReadsEveryMessage() throws Exception {
        Member alice = new Member("alice").start(new SenderKeyRotation(Duration.ofDays(7), 2));
        Member bob = new Member("bob").start();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String text = secret("rotating-" + i);
            sent.add(text);
            alice.device.sendText(bob.user.userId(), text).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        await().atMost(TIMEOUT).until(() -> bob.texts().containsAll(sent));

        assertThat(bob.texts()).containsExactlyElementsOf(sent);
        // two messages per key: keys for messages 1-2, 3-4 and 5, each a new chain from iteration 0
        Map<Long, ChatMessage> bySeq = new TreeMap<>(); // a message may be served twice (live and by sync)
        bob.raw.stream().filter(m -> m.senderUserId().equals(alice.user.userId())).forEach(m -> bySeq.put(m.seq(), m));
        List<SenderKeyMessage> sealed = bySeq.values().stream()
                .map(m -> SenderKeyMessage.parse(SealedBody.decode(Base64.getDecoder().decode(m.body())).ciphertext()))
                .toList();
        assertThat(sealed).extracting(SenderKeyMessage::iteration).containsExactly(0, 1, 0, 1, 0);
        assertThat(sealed.stream().map(SenderKeyMessage::keyId).distinct()).hasSize(3);
        assertThat(bob.unreadable).isEmpty();
    }

    @Test
    void messagesSentWhileTheRecipientIsOfflineOpenOnceEachWhenItReturns() throws Exception {
        Member alice = new Member("alice").start();
        Member bob = new Member("bob").start();
        bob.stop();
        List<String> sent = List.of(secret("one"), secret("two"), secret("three"));
        for (String text : sent) {
            alice.device.sendText(bob.user.userId(), text).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        bob.start(); // the same store: its keys, and the cursors' absence (no device store) means a full sync
        await().atMost(TIMEOUT).until(() -> bob.texts().containsAll(sent));
        assertThat(bob.texts()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(bob.unreadable).allSatisfy(u -> assertThat(u.waiting()).isTrue());
    }

    @Test
    void aTamperedBodyShowsAsUndecryptableAndTheNextMessageStillOpens() throws Exception {
        Member alice = new Member("alice").start();
        Member bob = new Member("bob").start();
        String before = secret("before");
        alice.device.sendText(bob.user.userId(), before).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> bob.texts().contains(before));

        try (ChatConnection c = users.connect(users.addDevice(alice.user.handle(), "raw"))) {
            byte[] tampered = new SealedBody("signal-v3", new byte[] {0x33, 1, 2, 3}).encode();
            c.send(new SendFrame(null, null, bob.user.userId(), UUID.randomUUID().toString(),
                    Base64.getEncoder().encodeToString(tampered))).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            c.send(new SendFrame(null, null, bob.user.userId(), UUID.randomUUID().toString(),
                    Base64.getEncoder().encodeToString("not sealed".getBytes(StandardCharsets.UTF_8))))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        String after = secret("after");
        alice.device.sendText(bob.user.userId(), after).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        await().atMost(TIMEOUT).until(() -> bob.texts().contains(after));
        assertThat(bob.unreadable).extracting(UndecryptableMessage::failure)
                .containsExactly(Failure.MALFORMED, Failure.MALFORMED);
        assertThat(bob.unreadable).noneMatch(UndecryptableMessage::waiting);
        assertThat(bob.texts()).containsExactly(before, after);
    }

    @Test
    void afterAChatNoDynamoDbItemQueueMessageOrLogLineHoldsItsPlaintext() throws Exception {
        Member alice = new Member("alice").start();
        Member bob = new Member("bob").start();
        List<String> plaintexts = List.of(secret("scan-one"), secret("scan-two"));
        alice.device.sendText(bob.user.userId(), plaintexts.get(0)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        bob.device.sendText(alice.user.userId(), plaintexts.get(1)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> bob.texts().contains(plaintexts.get(0))
                && alice.texts().contains(plaintexts.get(1)));

        PlaintextScan.Result result = new PlaintextScan(system).scan(plaintexts);

        assertThat(result.findings()).isEmpty();
        assertThat(result.items()).isPositive();
        assertThat(result.logLines()).isPositive();
        // The scan itself can fail: the same search finds a body sent without encryption.
        String plain = secret("unencrypted");
        try (ChatConnection c = users.connect(users.addDevice(alice.user.handle(), "raw"))) {
            c.send(new SendFrame(null, null, bob.user.userId(), UUID.randomUUID().toString(),
                    Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8))))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        await().atMost(TIMEOUT).until(() -> !new PlaintextScan(system).scan(List.of(plain)).findings().isEmpty());
    }
}
