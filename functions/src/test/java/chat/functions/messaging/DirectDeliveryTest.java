package chat.functions.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import chat.functions.broker.BrokerLiveness;
import chat.functions.lambda.LocalStackResource;
import chat.functions.messaging.ConversationLog.Appended;
import chat.functions.queue.FanoutEvent;
import chat.functions.queue.QueueUrls;
import chat.functions.store.BrokersTable;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.functions.store.ConversationsTable;
import chat.functions.store.MembersTable;
import chat.functions.support.AwsCallCounter;
import chat.model.Ids;
import chat.model.frames.FrameCodec;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.model.internal.DeliveryBatch;
import chat.model.internal.UserDelivery;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * A direct message is pushed to the members' devices by the send itself, with the fan-out queue as the backstop:
 * against dynalite and ElasticMQ (the fan-out worker off, so the queue holds exactly what the send put there) and a
 * stand-in broker node in the brokers table, a local HTTP server that takes delivery requests and answers as told.
 * The fleet is that one node, so pushes go by user ({@link chat.functions.routing.DirectRouter}).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class DirectDeliveryTest {
    @Inject
    SendHandler sends;
    @Inject
    ConversationLog log;
    @Inject
    ConversationsTable conversations;
    @Inject
    MembersTable members;
    @Inject
    MemberConversations mine;
    @Inject
    ConnectionsTable connections;
    @Inject
    SqsAsyncClient sqs;
    @Inject
    BrokersTable brokers;
    @Inject
    BrokerLiveness liveness;
    @Inject
    QueueUrls queues;

    private HttpServer node;
    private final List<DeliveryBatch> received = new CopyOnWriteArrayList<>();
    private FanoutQueueReader fanoutQueue;
    private volatile int status = 200;
    private Caller alice;
    private String bob;
    private String conversation;

    @BeforeEach
    void aDirectChatWithBobOnline() throws IOException {
        fanoutQueue = new FanoutQueueReader(sqs, queues);
        node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        node.createContext("/", ex -> {
            try (ex) {
                received.add(FrameCodec.mapper().readValue(ex.getRequestBody().readAllBytes(), DeliveryBatch.class));
                byte[] answer = (status == 200 ? "{\"unknownConnections\":[]}" : "{\"code\":\"INTERNAL\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, answer.length);
                ex.getResponseBody().write(answer);
            }
        });
        node.start();
        registerAsTheOnlyBroker("node-direct-delivery-test", "http://127.0.0.1:" + node.getAddress().getPort());
        alice = new Caller(Ids.newUserId(), Ids.newDeviceId(), "c-" + Ids.random(12));
        bob = Ids.newUserId();
        conversation = Ids.directConversationId(alice.userId(), bob);
        long now = System.currentTimeMillis();
        conversations.createIfAbsent(conversation, "direct", now);
        mine.record(conversation, List.of(alice.userId(), bob), now);
        members.addIfAbsent(conversation, alice.userId(), "member", 0, now);
        members.addIfAbsent(conversation, bob, "member", 0, now);
        connect(bob);
        connect(alice.userId(), alice.deviceId());
    }

    @AfterEach
    void stopNode() {
        node.stop(0);
    }

    @Test
    void aDirectMessageIsPushedToBothUsersBeforeItsSentAnswerAndNotQueued() throws Exception {
        SentFrame sent = sends.send(alice, send("m-1"));

        assertThat(pushedSeqs()).as("pushed before SENT, in one call").containsExactly(sent.seq());
        assertThat(received.get(0).userDeliveries()).as("bob's devices, and alice's but the sending one")
                .extracting(UserDelivery::userId, UserDelivery::exceptDeviceId)
                .containsExactlyInAnyOrder(tuple(bob, null), tuple(alice.userId(), alice.deviceId()));
        // Queueing would have completed before the answer, so an event would be on the queue by now.
        assertThat(fanoutQueue.eventsOf(conversation)).isEmpty();
    }

    @Test
    void aPushByUserReadsNoConnections() {
        Map<String, Long> before = AwsCallCounter.snapshot();

        sends.send(alice, send("m-4"));

        Map<String, Long> after = AwsCallCounter.snapshot();
        assertThat(after.get("DynamoDb.PutItem")).as("calls are counted").isGreaterThan(before.get("DynamoDb.PutItem"));
        assertThat(after.getOrDefault("DynamoDb.BatchGetItem", 0L))
                .isEqualTo(before.getOrDefault("DynamoDb.BatchGetItem", 0L));
    }

    @Test
    void aDirectMessageWhoseInlinePushIsRefusedIsQueuedForTheFanoutWorker() throws Exception {
        status = 500;

        SentFrame sent = sends.send(alice, send("m-2"));

        assertThat(received).as("the push was tried").isNotEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> !fanoutQueue.eventsOf(conversation).isEmpty());
        assertThat(fanoutQueue.eventsOf(conversation)).extracting(FanoutEvent::seq).containsExactly(sent.seq());
    }

    @Test
    void aResendOfADirectMessageStoredButNeverPushedPushesIt() throws Exception {
        // The first attempt died between storing and pushing.
        Appended stored = log.append(alice, conversation, "m-3", "hi".getBytes(StandardCharsets.UTF_8), null);
        assertThat(received).isEmpty();

        SentFrame resent = sends.send(alice, send("m-3"));

        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.seq()).isEqualTo(stored.entry().seq());
        assertThat(pushedSeqs()).containsExactly(stored.entry().seq());
    }

    /** One node id for every test here: each test's node replaces the last in the brokers table. */
    private void registerAsTheOnlyBroker(String nodeId, String url) {
        long now = System.currentTimeMillis();
        brokers.heartbeat(nodeId, url, now, now + 600_000);
        // The cached brokers list learns of the new address within chat.presence.liveness-cache.
        await().atMost(Duration.ofSeconds(10)).until(() -> liveness.routable().stream()
                .anyMatch(n -> n.callbackUrl().equals(url)));
    }

    private List<Long> pushedSeqs() {
        List<Long> seqs = new ArrayList<>();
        for (DeliveryBatch batch : received) {
            for (String frame : batch.frames()) {
                seqs.add(((MessageFrame) FrameCodec.decodeServer(frame)).message().seq());
            }
        }
        return seqs;
    }

    private void connect(String userId) {
        connect(userId, Ids.newDeviceId());
    }

    private void connect(String userId, String deviceId) {
        Connection c = new Connection(userId, deviceId, "c-" + Ids.random(12), "node-test",
                "http://127.0.0.1:" + node.getAddress().getPort());
        connections.put(c, System.currentTimeMillis(), System.currentTimeMillis() / 1000 + 3600);
    }

    private SendFrame send(String clientMsgId) {
        return new SendFrame("r-" + clientMsgId, conversation, null, clientMsgId,
                Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)));
    }
}
