package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.client.ChatDevice;
import chat.client.ChatHttpApi;
import chat.client.KeysApi;
import chat.client.UndecryptableMessage;
import chat.client.store.LocalStore;
import chat.e2ee.messaging.ConversationCrypto;
import chat.e2ee.messaging.SealedBody;
import chat.e2ee.session.Address;
import chat.e2ee.session.Decryption;
import chat.e2ee.session.Failure;
import chat.model.Ids;
import chat.model.frames.ChatMessage;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.InboxPageFrame;
import chat.model.frames.InboxSyncFrame;
import chat.model.frames.ReaderListFrame;
import chat.model.frames.ReadersFrame;
import chat.system.ChatSystem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java device (the SDK's encrypted ChatDevice) and a TypeScript device (e2ee-ts/src/device, in Node through
 * e2ee-ts/test/device.mjs) talk through the real system: a one-to-one chat and a group, both ways, each text read
 * exactly once, while the server stores only sealed Sender-Key ciphertext.
 */
@ExtendWith(SharedSystem.class)
class TypeScriptDeviceEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private ChatSystem system;
    private TestUsers users;
    private final List<AutoCloseable> open = new ArrayList<>();
    private String testName;
    @TempDir
    Path stores;

    @BeforeEach
    void setUp(ChatSystem system, TestInfo info) {
        this.system = system;
        this.users = new TestUsers(system);
        this.testName = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void aOneToOneChatBetweenAJavaAndATypeScriptDeviceReadsBothWaysExactlyOnce() throws Exception {
        JavaMember alice = new JavaMember("alice").start();
        TsDevice bob = new TsDevice("tsbob").start();
        String dm = Ids.directConversationId(alice.user.userId(), bob.user.userId());
        List<String> toBob = List.of(secret("java-to-ts-1"), secret("java-to-ts-2"));
        List<String> toAlice = List.of(secret("ts-to-java-1"), secret("ts-to-java-2"));

        for (int i = 0; i < 2; i++) { // the second round runs on the sessions and Sender Keys of the first
            alice.device.sendText(bob.user.userId(), toBob.get(i)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String text = toBob.get(i);
            await().atMost(TIMEOUT).until(() -> bob.texts().contains(text));
            JsonNode sent = i == 0 ? bob.sendText(Map.of("peer", alice.user.userId()), toAlice.get(i))
                    : bob.sendText(Map.of("peer", "@" + alice.user.handle()), toAlice.get(i));
            assertThat(sent.get("conversationId").asText()).isEqualTo(dm);
            String reply = toAlice.get(i);
            await().atMost(TIMEOUT).until(() -> alice.texts().contains(reply));
        }

        assertThat(bob.texts()).containsExactlyElementsOf(toBob); // each once, in order
        assertThat(bob.received()).allSatisfy(t -> {
            assertThat(t.get("conversationId").asText()).isEqualTo(dm);
            assertThat(t.get("senderUserId").asText()).isEqualTo(alice.user.userId());
            assertThat(t.get("senderDeviceId").asText()).isEqualTo(alice.user.device().deviceId());
        });
        assertThat(bob.received()).extracting(t -> t.get("seq").asLong()).containsExactly(1L, 3L);
        assertThat(alice.textsFrom(bob.user.userId())).containsExactlyElementsOf(toAlice);
        assertThat(alice.unreadable).isEmpty();
        assertThat(bob.undecryptable()).isEmpty();

        // The TypeScript device acks what it opened (inboxAck): once it stops, its inbox on the server is empty.
        await().atMost(TIMEOUT).until(() -> {
            JsonNode inbox = bob.inbox();
            return inbox.get("processed").asLong() > 0
                    && inbox.get("acked").asLong() == inbox.get("processed").asLong();
        });
        bob.close();
        try (ChatConnection raw = users.connect(bob.user.device())) {
            InboxPageFrame page = raw.request(new InboxSyncFrame(raw.newReqId(), 0L, null), InboxPageFrame.class)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(page.envelopes()).isEmpty();
        }
    }

    @Test
    void aGroupCreatedOnTheJavaSideReadsEveryMembersMessagesOnJavaAndTypeScriptDevicesAndARemovalRotatesTheKey() throws Exception {
        JavaMember alice = new JavaMember("alice").start();
        JavaMember carol = new JavaMember("carol").start();
        TsDevice bob = new TsDevice("tsbob").start();
        String group = Groups.create(alice.device.connection().orElseThrow(), "mixed",
                List.of(bob.user.userId(), carol.user.userId())).conversationId();
        String fromAlice = secret("from-alice");
        String fromBob = secret("from-ts-bob");
        String fromCarol = secret("from-carol");

        alice.device.sendText(group, fromAlice).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> bob.texts().contains(fromAlice) && carol.texts().contains(fromAlice));
        JsonNode sent = bob.sendText(Map.of("conversationId", group), fromBob);
        assertThat(sent.get("conversationId").asText()).isEqualTo(group);
        await().atMost(TIMEOUT).until(() -> alice.texts().contains(fromBob) && carol.texts().contains(fromBob));
        carol.device.sendText(group, fromCarol).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> bob.texts().contains(fromCarol) && alice.texts().contains(fromCarol));

        assertThat(bob.texts()).containsExactly(fromAlice, fromCarol);
        assertThat(bob.received()).allSatisfy(t -> assertThat(t.get("conversationId").asText()).isEqualTo(group));
        assertThat(bob.received()).extracting(t -> t.get("senderUserId").asText())
                .containsExactly(alice.user.userId(), carol.user.userId());
        assertThat(alice.textsFrom(bob.user.userId())).containsExactly(fromBob);
        assertThat(carol.textsFrom(bob.user.userId())).containsExactly(fromBob);
        assertThat(carol.textsFrom(alice.user.userId())).containsExactly(fromAlice);
        assertThat(alice.unreadable).isEmpty();
        assertThat(carol.unreadable).isEmpty();
        assertThat(bob.undecryptable()).isEmpty();

        // The TypeScript device acks delivery (ack): carol's message, the group's last, counts as delivered to bob.
        long last = bob.received().get(1).get("seq").asLong();
        ChatConnection c = alice.device.connection().orElseThrow();
        await().atMost(TIMEOUT).until(() -> c.request(new ReadersFrame(c.newReqId(), group, last),
                ReaderListFrame.class).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).deliveredTo()
                .contains(bob.user.userId()));

        // Carol is removed: the TypeScript device learns it in the conversation and rotates its Sender Key, so what
        // it sends next opens for alice and not with any key carol holds.
        Groups.change(c, group, "remove", List.of(carol.user.userId()), null);
        await().atMost(TIMEOUT).until(() -> bob.events().stream().anyMatch(e -> "removed".equals(
                e.get("action").asText())));
        String afterRemoval = secret("ts-after-removal");
        long seq = bob.sendText(Map.of("conversationId", group), afterRemoval).get("seq").asLong();
        await().atMost(TIMEOUT).until(() -> alice.texts().contains(afterRemoval));
        ChatMessage sealed = alice.device.history(group, seq + 1, 1).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .messages().get(0);
        assertThat(sealed.seq()).isEqualTo(seq);
        carol.device.close();
        var carolCrypto = new ConversationCrypto(new Address(carol.user.userId(), carol.user.device().deviceId()),
                carol.store.e2ee(), carol.store.e2ee(), carol.store.e2ee(), d -> Optional.empty(), new SecureRandom());
        Decryption attempt = carolCrypto.decrypt(group, new Address(bob.user.userId(), bob.user.device().deviceId()),
                Base64.getDecoder().decode(sealed.body()));
        assertThat(attempt).isInstanceOf(Decryption.Failed.class);
        assertThat(((Decryption.Failed) attempt).failure()).isEqualTo(Failure.NO_SENDER_KEY);
        assertThat(carol.texts()).doesNotContain(afterRemoval);
    }

    @Test
    void theServerStoresOnlySealedCiphertextOfWhatTheTypeScriptDeviceSends() throws Exception {
        JavaMember alice = new JavaMember("alice").start();
        TsDevice bob = new TsDevice("tsbob").start();
        String group = Groups.create(alice.device.connection().orElseThrow(), "sealed",
                List.of(bob.user.userId())).conversationId();
        String direct = secret("ts-direct");
        String inGroup = secret("ts-group");
        String dm = bob.sendText(Map.of("peer", alice.user.userId()), direct).get("conversationId").asText();
        bob.sendText(Map.of("conversationId", group), inGroup);
        await().atMost(TIMEOUT).until(() -> alice.texts().containsAll(List.of(direct, inGroup)));

        List<ChatMessage> stored = new ArrayList<>();
        for (String conversation : List.of(dm, group)) {
            HistoryPageFrame page = alice.device.history(conversation, null, 100)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            page.messages().stream().filter(m -> m.body() != null).forEach(stored::add);
        }
        assertThat(stored).hasSize(2).allSatisfy(m -> {
            assertThat(m.senderUserId()).isEqualTo(bob.user.userId());
            byte[] body = Base64.getDecoder().decode(m.body());
            assertThat(SealedBody.decode(body).suite()).isEqualTo("signal-v3");
            assertThat(SealedBody.decode(body).ciphertext()[0]).isEqualTo((byte) 0x33); // a v3 SenderKeyMessage
            assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain(direct, inGroup);
            assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain(direct, inGroup);
        });
        PlaintextScan.Result scan = new PlaintextScan(system).scan(List.of(direct, inGroup));
        assertThat(scan.findings()).isEmpty();
        assertThat(scan.items()).isPositive();
    }

    private static String secret(String what) {
        return "e2e-" + what + "-" + UUID.randomUUID();
    }

    /** A device of the Java SDK with end-to-end encryption and its own local store. */
    private final class JavaMember {
        final TestUsers.User user;
        final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
        final List<UndecryptableMessage> unreadable = new CopyOnWriteArrayList<>();
        final LocalStore store;
        ChatDevice device;

        JavaMember(String prefix) {
            this.user = users.register(prefix);
            this.store = LocalStore.open(stores.resolve(user.handle()));
            open.add(store);
        }

        JavaMember start() throws Exception {
            device = ChatDevice.builder(system.ws(0), user.device().credential())
                    .api(new ChatHttpApi(system.api(0)))
                    .endToEnd(store.e2ee())
                    .listener(new ChatDevice.Listener() {
                        @Override
                        public void onMessage(ChatMessage m) {
                            messages.add(m);
                        }

                        @Override
                        public void onUndecryptable(UndecryptableMessage m) {
                            unreadable.add(m);
                        }
                    }).build();
            open.add(device);
            device.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            await().atMost(TIMEOUT).until(() -> store.e2ee().hasIdentity() && published(user.device()));
            return this;
        }

        List<String> texts() {
            return messages.stream().filter(m -> m.body() != null).map(m -> text(m.body())).toList();
        }

        List<String> textsFrom(String userId) {
            return messages.stream().filter(m -> m.body() != null && userId.equals(m.senderUserId()))
                    .map(m -> text(m.body())).toList();
        }
    }

    private boolean published(TestUsers.Device device) {
        try {
            return new KeysApi(new ChatHttpApi(system.api(0)))
                    .counts(users.api().token(device.credential()).token()).signedPreKeyId() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** The TypeScript device in a Node process, driven over e2ee-ts/test/device.mjs; its stderr goes to target/. */
    private final class TsDevice implements AutoCloseable {
        final TestUsers.User user;
        private Process node;
        private BufferedWriter in;
        private BufferedReader out;

        TsDevice(String prefix) {
            this.user = users.register(prefix);
        }

        TsDevice start() throws Exception {
            Path home = Path.of(System.getProperty("chat.e2ee-ts.home", "../e2ee-ts")).toAbsolutePath().normalize();
            if (!Files.exists(home.resolve("dist/device/index.js"))) {
                throw new IllegalStateException("build e2ee-ts first (mvn -pl e2ee-ts compile): no "
                        + home.resolve("dist/device"));
            }
            Path logs = Files.createDirectories(Path.of("target", "ts-device"));
            node = new ProcessBuilder("node", home.resolve("test/device.mjs").toString())
                    .redirectError(logs.resolve(testName + "-" + user.handle() + ".log").toFile())
                    .start();
            open.add(this);
            in = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
            out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            JsonNode started = call("start", Map.of("credential", user.device().credential(),
                    "apiUrl", system.api(0).toString(), "wsUrl", system.ws(0).toString()));
            assertThat(started.get("userId").asText()).isEqualTo(user.userId());
            assertThat(started.get("deviceId").asText()).isEqualTo(user.device().deviceId());
            assertThat(published(user.device())).isTrue(); // start answers once its keys are up
            return this;
        }

        JsonNode sendText(Map<String, String> to, String text) throws IOException {
            Map<String, Object> fields = new java.util.HashMap<>(to);
            fields.put("text", text);
            return call("sendText", fields);
        }

        List<JsonNode> received() throws IOException {
            List<JsonNode> texts = new ArrayList<>();
            call("received", Map.of()).get("texts").forEach(texts::add);
            return texts;
        }

        List<String> texts() throws IOException {
            return received().stream().map(t -> t.get("text").asText()).toList();
        }

        List<JsonNode> events() throws IOException {
            List<JsonNode> list = new ArrayList<>();
            call("received", Map.of()).get("events").forEach(list::add);
            return list;
        }

        JsonNode inbox() throws IOException {
            return call("received", Map.of()).get("inbox");
        }

        List<JsonNode> undecryptable() throws IOException {
            List<JsonNode> list = new ArrayList<>();
            call("received", Map.of()).get("undecryptable").forEach(list::add);
            return list;
        }

        synchronized JsonNode call(String op, Map<String, ?> fields) throws IOException {
            ObjectNode command = JSON.valueToTree(fields);
            command.put("op", op);
            in.write(JSON.writeValueAsString(command));
            in.newLine();
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IOException("the TypeScript device exited");
            }
            JsonNode answer = JSON.readTree(line);
            if (answer.has("error")) {
                throw new IllegalStateException("TypeScript device: " + answer.get("error").asText());
            }
            return answer;
        }

        @Override
        public void close() throws Exception {
            if (node == null) {
                return;
            }
            in.close(); // the driver closes the device and exits
            if (node.waitFor(10, TimeUnit.SECONDS)) {
                return;
            }
            node.destroy();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
