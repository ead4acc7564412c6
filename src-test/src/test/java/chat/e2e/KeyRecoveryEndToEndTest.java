package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.EndToEndKeys;
import chat.client.LinkCode;
import chat.client.UndecryptableMessage;
import chat.e2ee.messaging.SenderKeyRotation;
import chat.localstack.AwsClients;
import chat.model.schema.Tables;
import chat.system.ChatSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A device that misses the Sender Key of a message asks the sender for it, and one whose pairwise envelope no longer
 * opens starts a new session, through the real system. The loss is made in the server's store (here: the test writes
 * DynamoDB, as an envelope that expired or was tampered with would leave it) while the recipient is offline.
 */
@ExtendWith(SharedSystem.class)
class KeyRecoveryEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private ChatSystem system;
    private TestUsers users;
    private DynamoDbClient dynamo;
    private final List<AutoCloseable> open = new ArrayList<>();
    @TempDir
    Path stores;

    @BeforeEach
    void setUp(ChatSystem system) {
        this.system = system;
        this.users = new TestUsers(system);
        this.dynamo = AwsClients.dynamo(system.localStack().dynamoEndpoint());
        open.add(dynamo);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void aMessageWhoseKeyEnvelopeWasLostOpensOnceAfterTheRecipientAsksForTheKey() throws Exception {
        Pair pair = pairWithBobOffline();
        String text = "recovery-lost-" + UUID.randomUUID();
        pair.alice.chat.sendText(pair.bob.device.userId(), text).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<Map<String, AttributeValue>> envelopes = inbox(pair.bob.device);
        assertThat(envelopes).as("alice's key went to bob's inbox").isNotEmpty();
        envelopes.forEach(e -> dynamo.deleteItem(b -> b.tableName(table())
                .key(Map.of(Tables.Inbox.INBOX_KEY, e.get(Tables.Inbox.INBOX_KEY), Tables.Inbox.SEQ,
                        e.get(Tables.Inbox.SEQ)))));

        pair.bob.start();

        await().atMost(TIMEOUT).until(() -> pair.bob.texts.contains(text));
        assertThat(pair.bob.texts).containsOnlyOnce(text);
        assertThat(pair.bob.unreadable).as("it waited for its key first")
                .anyMatch(UndecryptableMessage::waiting);
    }

    @Test
    void aTamperedKeyEnvelopeGetsANewSessionAndTheMessageStillOpensOnce() throws Exception {
        Pair pair = pairWithBobOffline();
        String text = "recovery-tampered-" + UUID.randomUUID();
        pair.alice.chat.sendText(pair.bob.device.userId(), text).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        for (Map<String, AttributeValue> e : inbox(pair.bob.device)) {
            byte[] body = e.get(Tables.Inbox.BODY).b().asByteArray();
            // the middle of a prekey message lies in its inner Signal message: it parses but does not authenticate
            body[body.length / 2] ^= 0x20;
            Map<String, AttributeValue> tampered = new java.util.HashMap<>(e);
            tampered.put(Tables.Inbox.BODY, AttributeValue.fromB(SdkBytes.fromByteArray(body)));
            dynamo.putItem(b -> b.tableName(table()).item(tampered));
        }

        pair.bob.start();

        await().atMost(TIMEOUT).until(() -> pair.bob.texts.contains(text));
        assertThat(pair.bob.texts).containsOnlyOnce(text);
        String later = "after-reset-" + UUID.randomUUID();
        pair.bob.chat.sendText(pair.alice.device.userId(), later).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> pair.alice.texts.contains(later));
    }

    @Test
    void aNewDeviceThatTheSenderDidNotListYetGetsTheSendersNextKeyFromItsOwnAccount() throws Exception {
        TestUsers.User bobUser = users.register("bob");
        EncryptedDevice alice = device(users.register("alice").device(), "alice")
                .start(new SenderKeyRotation(Duration.ofDays(7), 1)); // a new chain for every message
        EncryptedDevice laptop = device(bobUser.device(), "bob-laptop").start();
        await().atMost(TIMEOUT).until(() -> alice.published() && laptop.published());
        String before = "before-the-phone-" + UUID.randomUUID();
        alice.chat.sendText(bobUser.userId(), before).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> laptop.texts.contains(before)); // alice now lists bob's laptop alone

        EncryptedDevice phone = device(users.addDevice(bobUser.handle(), "phone"), "bob-phone");
        LinkCode code = EndToEndKeys.linkCode(phone.store.e2ee(), phone.device.deviceId()).orElseThrow();
        phone.start();
        laptop.chat.approve(code).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> phone.store.e2ee().hasIdentity() && phone.published());
        String after = "new-chain-" + UUID.randomUUID();
        alice.chat.sendText(bobUser.userId(), after).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        await().atMost(TIMEOUT).until(() -> phone.texts.contains(after) && laptop.texts.contains(after));
        assertThat(phone.texts).containsOnlyOnce(after);
        assertThat(phone.texts).containsOnlyOnce(before); // from the approval's history keys
    }

    private record Pair(EncryptedDevice alice, EncryptedDevice bob) {
    }

    /** Alice online and bob, whose keys and list are published, offline: what alice sends waits in bob's inbox. */
    private Pair pairWithBobOffline() throws Exception {
        EncryptedDevice alice = device(users.register("alice").device(), "alice").start();
        EncryptedDevice bob = device(users.register("bob").device(), "bob").start();
        await().atMost(TIMEOUT).until(() -> alice.published() && bob.published());
        bob.stop();
        return new Pair(alice, bob);
    }

    private EncryptedDevice device(TestUsers.Device device, String name) {
        EncryptedDevice d = new EncryptedDevice(system, users, device, stores.resolve(name));
        open.add(d);
        return d;
    }

    /** The envelopes stored for the device (not its head record). */
    private List<Map<String, AttributeValue>> inbox(TestUsers.Device device) {
        return dynamo.query(b -> b.tableName(table()).consistentRead(true)
                .keyConditionExpression("#k = :k AND #s > :zero")
                .expressionAttributeNames(Map.of("#k", Tables.Inbox.INBOX_KEY, "#s", Tables.Inbox.SEQ))
                .expressionAttributeValues(Map.of(":k",
                        AttributeValue.fromS(Tables.Inbox.key(device.userId(), device.deviceId())),
                        ":zero", AttributeValue.fromN("0")))).items();
    }

    private String table() {
        return system.localStack().tableName(Tables.Inbox.DEF);
    }
}
