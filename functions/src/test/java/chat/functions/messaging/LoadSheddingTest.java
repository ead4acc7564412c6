package chat.functions.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.lambda.LocalStackResource;
import chat.functions.queue.FanoutBacklog;
import chat.functions.queue.FanoutEvent;
import chat.functions.store.ConversationsTable;
import chat.functions.store.MembersTable;
import chat.functions.store.MessagesTable;
import chat.model.Ids;
import chat.model.frames.AckFrame;
import chat.model.frames.FrameCodec;
import chat.model.frames.ListConversationsFrame;
import chat.model.frames.SendFrame;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While the fan-out consumer runs behind (its latest batch's oldest message waited past chat.fanout.shed-age), new
 * messages are refused UNAVAILABLE with retryAfterMs and nothing is stored; frames that add no entry still pass.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
@TestProfile(LoadSheddingTest.NoConsumer.class)
class LoadSheddingTest {
    /** The test plays the consumer: a real one would report its own batches' ages between a test's steps. */
    public static class NoConsumer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.fanout.enabled", "false");
        }
    }

    @Inject
    FrameDispatcher dispatcher;
    @Inject
    FanoutBacklog backlog;
    @Inject
    ConversationsTable conversations;
    @Inject
    MembersTable members;
    @Inject
    MemberConversations mine;
    @Inject
    MessagesTable messages;

    private Caller alice;
    private String conversation;

    @BeforeEach
    void aDirectChat() {
        alice = new Caller(Ids.newUserId(), Ids.newDeviceId(), "c-" + Ids.random(12));
        String bob = Ids.newUserId();
        conversation = Ids.directConversationId(alice.userId(), bob);
        long now = System.currentTimeMillis();
        conversations.createIfAbsent(conversation, "direct", now);
        mine.record(conversation, List.of(alice.userId(), bob), now);
        members.addIfAbsent(conversation, alice.userId(), "member", 0, now);
        members.addIfAbsent(conversation, bob, "member", 0, now);
    }

    @Test
    void aSendIsRefusedWithRetryAfterAndNotStoredWhileTheFanoutIsBehind() throws Exception {
        fanoutBehindBy(backlog.shedAgeMillis() + 5000);
        JsonNode refused = answer(dispatcher.handle(alice, send("m-1")));

        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.path("reqId").asText()).isEqualTo("r-m-1");
        assertThat(refused.path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(refused.path("retryable").asBoolean()).isTrue();
        assertThat(refused.path("retryAfterMs").asLong()).isEqualTo(backlog.retryAfterMillis());
        assertThat(refused.path("message").asText()).contains("ms behind");
        assertThat(messages.after(conversation, 0, 10)).isEmpty();
    }

    @Test
    void framesThatAddNoEntryAreStillAnsweredWhileTheFanoutIsBehind() throws Exception {
        fanoutBehindBy(backlog.shedAgeMillis() + 5000);
        assertThat(answer(dispatcher.handle(alice, FrameCodec.encode(new ListConversationsFrame("l1"))))
                .path("type").asText()).isEqualTo("conversationList");
        fanoutBehindBy(backlog.shedAgeMillis() + 5000);
        assertThat(answer(dispatcher.handle(alice, FrameCodec.encode(new AckFrame("k1", conversation, 0L, null))))
                .path("type").asText()).isEqualTo("acked");
    }

    @Test
    void theSameSendIsStoredOnceTheFanoutHasCaughtUp() throws Exception {
        fanoutBehindBy(backlog.shedAgeMillis() + 5000);
        assertThat(answer(dispatcher.handle(alice, send("m-2"))).path("code").asText()).isEqualTo("UNAVAILABLE");
        fanoutBehindBy(0);
        JsonNode sent = answer(dispatcher.handle(alice, send("m-2")));
        assertThat(sent.path("type").asText()).isEqualTo("sent");
        assertThat(sent.path("seq").asLong()).isEqualTo(1);
        assertThat(sent.path("duplicate").asBoolean()).isFalse();
    }

    /** As if the consumer had just received a batch whose oldest message was stored this long ago. */
    private void fanoutBehindBy(long millis) {
        backlog.received(List.of(new FanoutEvent(conversation, 1, alice.userId(), alice.deviceId(),
                System.currentTimeMillis() - millis, "{}")));
    }

    private static JsonNode answer(List<String> frames) throws Exception {
        assertThat(frames).hasSize(1);
        return FrameCodec.mapper().readTree(frames.get(0));
    }

    private String send(String clientMsgId) {
        return FrameCodec.encode(new SendFrame("r-" + clientMsgId, conversation, null, clientMsgId,
                Base64.getEncoder().encodeToString("hi".getBytes())));
    }
}
