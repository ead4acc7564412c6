package chat.functions.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.functions.lambda.LocalStackResource;
import chat.functions.messaging.ConversationLog.Appended;
import chat.functions.queue.FanoutEvent;
import chat.functions.queue.QueueUrls;
import chat.functions.store.MembersTable;
import chat.model.Ids;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * A resend of a group message queues it for fan-out again, since the first attempt may have died before it did: against
 * dynalite and ElasticMQ, with the fan-out worker off, so what is on the fan-out queue is exactly what the handlers put there.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class ResendQueueingTest {
    @Inject
    SendHandler sends;
    @Inject
    ConversationLog log;
    @Inject
    MembersTable members;
    @Inject
    SqsAsyncClient sqs;
    @Inject
    QueueUrls queues;

    private FanoutQueueReader fanoutQueue;
    private String group;
    private Caller alice;

    @BeforeEach
    void aGroupOfTwo() {
        fanoutQueue = new FanoutQueueReader(sqs, queues);
        group = Ids.newGroupId();
        alice = new Caller(Ids.newUserId(), Ids.newDeviceId(), "c-" + Ids.random(12));
        members.addIfAbsent(group, alice.userId(), "admin", 0, 1);
        members.addIfAbsent(group, Ids.newUserId(), "member", 0, 1);
    }

    @Test
    void aResendOfAMessageStoredButNeverQueuedQueuesIt() throws Exception {
        // The first attempt died between storing and queueing.
        Appended stored = log.append(alice, group, "m-1", "hi".getBytes(StandardCharsets.UTF_8), null);

        SentFrame resent = sends.send(alice, send("m-1"));

        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.seq()).isEqualTo(stored.entry().seq());
        await().atMost(Duration.ofSeconds(20)).until(() -> !fanoutQueue.eventsOf(group).isEmpty());
        assertThat(fanoutQueue.eventsOf(group)).extracting(FanoutEvent::seq).containsExactly(stored.entry().seq());
    }

    @Test
    void aResendOfAMessageAlreadyQueuedIsAnsweredWithTheSameSeqAndQueuedAgain() throws Exception {
        SentFrame first = sends.send(alice, send("m-2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !fanoutQueue.eventsOf(group).isEmpty());

        SentFrame resent = sends.send(alice, send("m-2"));

        assertThat(resent.seq()).isEqualTo(first.seq());
        assertThat(resent.duplicate()).isTrue();
        // Nothing records what was queued: the resend queues it again (devices drop the repeat by seq).
        await().atMost(Duration.ofSeconds(20)).until(() -> fanoutQueue.eventsOf(group).size() == 2);
        assertThat(fanoutQueue.eventsOf(group)).extracting(FanoutEvent::seq).containsExactly(first.seq(), first.seq());
    }

    private SendFrame send(String clientMsgId) {
        return new SendFrame("r-" + clientMsgId, group, null, clientMsgId,
                Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)));
    }
}
