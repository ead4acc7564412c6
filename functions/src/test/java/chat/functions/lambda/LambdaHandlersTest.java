package chat.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.push.PushItem;
import chat.functions.push.PushJob;
import chat.functions.queue.FanoutEvent;
import chat.functions.store.BrokersTable;
import chat.functions.store.ConnectionsTable;
import chat.functions.store.ConnectionsTable.Connection;
import chat.functions.store.ConversationsTable;
import chat.functions.store.NodeConnectionsTable;
import chat.functions.store.PushTargetsTable;
import chat.functions.store.PushTargetsTable.Target;
import chat.functions.store.UsersTable;
import chat.model.Ids;
import chat.model.frames.FrameCodec;
import chat.model.frames.PushKind;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handlers against the real workers' batch handling, processors and tables on the local stack: records
 * in, processor effects out, and exactly the failing records' ids in the partial batch response.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class LambdaHandlersTest {
    @Inject
    FanoutHandler fanout;
    @Inject
    PushHandler push;
    @Inject
    ReaperHandler reaper;
    @Inject
    ConversationsTable conversations;
    @Inject
    PushTargetsTable pushTargets;
    @Inject
    UsersTable users;
    @Inject
    BrokersTable brokers;
    @Inject
    NodeConnectionsTable nodeConnections;
    @Inject
    ConnectionsTable connections;

    @Test
    void theHandlersAreTheNamedBeansTheCdkAppSelectsWithQuarkusLambdaHandler() {
        // the names the functions' QUARKUS_LAMBDA_HANDLER carries (infra-cdk Workers)
        assertThat(Arc.container().instance("fanout").get()).isInstanceOf(FanoutHandler.class)
                .isInstanceOf(RequestHandler.class);
        assertThat(Arc.container().instance("push").get()).isInstanceOf(PushHandler.class);
        assertThat(Arc.container().instance("reaper").get()).isInstanceOf(ReaperHandler.class);
        assertThat(List.of(FanoutHandler.NAME, PushHandler.NAME, ReaperHandler.NAME))
                .containsExactly("fanout", "push", "reaper");
    }

    @Test
    void fanoutProcessesTheBatchAndReportsOnlyTheFailingRecord() throws Exception {
        String conversation = newDirectConversation();
        SQSEvent event = event(
                record("good", fanoutEvent(conversation, 1)),
                // a key DynamoDB refuses: the processor throws for any batch holding it
                record("bad", fanoutEvent("", 1)),
                record("unreadable", "not json"));
        SQSBatchResponse response = fanout.handleRequest(event, null);

        assertThat(failedIds(response)).containsExactly("bad");
        // The send path moves the head before it queues an entry; the worker only pushes.
        assertThat(conversations.find(conversation).orElseThrow().lastSeq()).isZero();
    }

    @Test
    void fanoutWithNothingFailingReportsNoFailures() throws Exception {
        String conversation = newDirectConversation();
        SQSEvent event = event(record("m1", fanoutEvent(conversation, 1)), record("m2", fanoutEvent(conversation, 2)));

        assertThat(failedIds(fanout.handleRequest(event, null))).isEmpty();
        assertThat(conversations.find(conversation).orElseThrow().lastSeq()).isZero();
    }

    @Test
    void pushSendsForTheGoodJobAndReportsOnlyTheFailingOne() throws Exception {
        String user = Ids.newUserId();
        String device = Ids.newDeviceId();
        String conversation = Ids.directConversationId(user, Ids.newUserId());
        pushTargets.put(new Target(user, device, PushKind.FCM, null, null, null, "token-" + device,
                System.currentTimeMillis()));
        int before = LocalStackResource.FCM_REQUESTS.size();

        SQSEvent event = event(
                record("job-ok", json(new PushJob(List.of(new PushItem(user, device, conversation, 3))))),
                record("job-bad", json(new PushJob(List.of(new PushItem("", device, conversation, 3))))));
        SQSBatchResponse response = push.handleRequest(event, null);

        assertThat(failedIds(response)).containsExactly("job-bad");
        assertThat(LocalStackResource.FCM_REQUESTS.subList(before, LocalStackResource.FCM_REQUESTS.size()))
                .containsExactly("/v1/projects/" + LocalStackResource.FCM_PROJECT + "/messages:send");
    }

    @Test
    void anEmptyEventIsAnEmptyResponse() {
        assertThat(failedIds(fanout.handleRequest(new SQSEvent(), null))).isEmpty();
        assertThat(failedIds(push.handleRequest(event(), null))).isEmpty();
    }

    @Test
    void reaperClearsAnExpiredBrokerAndRecordsLastSeen() {
        String user = Ids.newUserId();
        String device = Ids.newDeviceId();
        String node = "node-" + UUID.randomUUID();
        String connectionId = "c" + Ids.random(12);
        long now = System.currentTimeMillis();
        long lastBeat = now - 60_000;
        users.create(new UsersTable.User(user, "h" + Ids.random(10), "Reaped", "x", 0), now - 120_000);
        brokers.heartbeat(node, "http://127.0.0.1:9", lastBeat, lastBeat + 15_000);
        nodeConnections.put(node, user, device, connectionId, now / 1000 + 3600);
        connections.put(new Connection(user, device, connectionId, node, "http://127.0.0.1:9"), lastBeat,
                now / 1000 + 3600);

        String answer = reaper.handleRequest(Map.of("source", "aws.events", "detail-type", "Scheduled Event"), null);

        assertThat(answer).isEqualTo("reaped 1 broker node(s)");
        assertThat(brokers.all()).noneMatch(b -> b.nodeId().equals(node));
        assertThat(nodeConnections.heldBy(node)).isEmpty();
        assertThat(connections.ofUsers(List.of(user))).doesNotContainKey(user);
        assertThat(users.presenceInfo(List.of(user)).get(user).lastSeen()).isEqualTo(lastBeat);
        // a second pass finds nothing left to do
        assertThat(reaper.handleRequest(Map.of(), null)).isEqualTo("reaped 0 broker node(s)");
    }

    private String newDirectConversation() {
        String conversation = Ids.directConversationId(Ids.newUserId(), Ids.newUserId());
        conversations.createIfAbsent(conversation, "direct", System.currentTimeMillis());
        return conversation;
    }

    /** A message of the conversation's first member, as the send path queues it. */
    private static String fanoutEvent(String conversation, long seq) throws JsonProcessingException {
        String sender = conversation.isEmpty() ? Ids.newUserId() : Ids.directMembers(conversation)[0];
        return json(new FanoutEvent(conversation, seq, sender, Ids.newDeviceId(), System.currentTimeMillis(), "{}"));
    }

    private static String json(Object body) throws JsonProcessingException {
        return FrameCodec.mapper().writeValueAsString(body);
    }

    private static SQSEvent.SQSMessage record(String id, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        m.setEventSource("aws:sqs");
        return m;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... records) {
        SQSEvent e = new SQSEvent();
        e.setRecords(new ArrayList<>(List.of(records)));
        return e;
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }
}
