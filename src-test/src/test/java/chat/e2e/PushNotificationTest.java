package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.localstack.AwsClients;
import chat.model.frames.FrameCodec;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.model.schema.Tables.PushTargets;
import chat.system.ChatSystem;
import chat.testing.WebPushReceiver;
import chat.testing.WebPushReceiver.Received;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Push notifications to offline devices through a local Web Push service that decrypts what it receives. */
@ExtendWith(SharedSystem.class)
class PushNotificationTest {
    private static WebPushReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WebPushReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void anOfflineDeviceGetsExactlyOneCollapsedEncryptedPushForABurstAndNoneForTyping(ChatSystem system)
            throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        WebPushReceiver.Subscription bobPush = receiver.subscribe();
        String conversation;
        try (ChatConnection b = users.connect(bob)) {
            Presence.registerWebPush(b, bobPush);
            // Bob's own message creates the conversation without notifying him.
            conversation = b.send(new SendFrame(null, null, alice.userId(), "b1", Bodies.of("hello")))
                    .get(10, TimeUnit.SECONDS).conversationId();
        }
        try (ChatConnection a = users.connect(alice)) {
            for (int i = 0; i < 3; i++) {
                Presence.typing(a, conversation, true);
            }
            Presence.typing(a, conversation, false);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.received(bobPush).isEmpty());

            long sentAt = System.currentTimeMillis();
            SentFrame last = null;
            for (int i = 1; i <= 10; i++) {
                last = a.send(new SendFrame(null, conversation, null, "m" + i, Bodies.of("secret text " + i)))
                        .get(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received(bobPush).isEmpty());
            // Exactly one: nothing more arrives for the rest of the burst.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                    .until(() -> receiver.received(bobPush).size() == 1);

            Received push = receiver.received(bobPush).get(0);
            assertThat(push.vapidError()).as("VAPID check").isNull();
            assertThat(push.header("Content-Encoding")).isEqualTo("aes128gcm");
            assertThat(push.header("TTL")).isNotNull();
            assertThat(push.header("Topic")).hasSizeLessThanOrEqualTo(32);
            assertThat(push.payload()).as("decrypted payload").isNotNull().doesNotContain("secret");
            JsonNode payload = FrameCodec.mapper().readTree(push.payload());
            assertThat(payload.get("conversationId").asText()).isEqualTo(conversation);
            assertThat(payload.get("unread").asLong()).isBetween(1L, 10L);
            assertThat(payload.size()).isEqualTo(3); // type, conversationId, unread: nothing else
            assertThat(last.seq()).isEqualTo(11);
            System.out.printf("push latency send->receiver: %d ms%n", push.receivedAtMillis() - sentAt);
        }
    }

    @Test
    void aTargetThePushServiceReportsGoneIsRemoved(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User carol = users.register("carol");
        TestUsers.User erin = users.register("erin");
        WebPushReceiver.Subscription erinPush = receiver.subscribe();
        receiver.answer(erinPush, 410);
        try (ChatConnection e = users.connect(erin)) {
            Presence.registerWebPush(e, erinPush);
        }
        DynamoDbClient dynamo = AwsClients.dynamo(system.localStack().dynamoEndpoint());
        String table = system.localStack().tableName(PushTargets.DEF);
        assertThat(targetsOf(dynamo, table, erin.userId())).containsKey(erin.device().deviceId());

        try (ChatConnection c = users.connect(carol)) {
            c.send(new SendFrame(null, null, erin.userId(), "x1", Bodies.of("are you there"))).get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received(erinPush).isEmpty());
        assertThat(receiver.received(erinPush).get(0).answeredStatus()).isEqualTo(410);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !targetsOf(dynamo, table, erin.userId()).containsKey(erin.device().deviceId()));
    }

    private static Map<String, AttributeValue> targetsOf(DynamoDbClient dynamo, String table, String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PushTargets.USER_ID, AttributeValue.fromS(userId)))).item();
        if (item == null || !item.containsKey(PushTargets.TARGETS)) {
            return Map.of();
        }
        return item.get(PushTargets.TARGETS).m();
    }
}
