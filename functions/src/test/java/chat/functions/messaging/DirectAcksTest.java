package chat.functions.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.functions.lambda.LocalStackResource;
import chat.functions.store.ConversationsTable;
import chat.functions.store.ConversationsTable.Cursors;
import chat.functions.store.MembersTable;
import chat.functions.store.MessagesTable;
import chat.functions.store.StoredMessage;
import chat.functions.support.AwsCallCounter;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Ids;
import chat.model.frames.AckFrame;
import chat.model.frames.AckedFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A direct chat's cursors live on its conversation item: a send moves the author's with the head, an ack is one
 * conditional write. Against dynalite, nobody connected (so a push looks up connections and calls no broker).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class DirectAcksTest {
    @Inject
    SendHandler sends;
    @Inject
    AckHandler acks;
    @Inject
    ConversationsTable conversations;
    @Inject
    MembersTable members;
    @Inject
    MessagesTable messages;
    @Inject
    MemberConversations mine;

    private Caller alice;
    private Caller bob;
    private String conversation;

    @BeforeEach
    void aDirectChat() {
        alice = new Caller(Ids.newUserId(), Ids.newDeviceId(), "c-" + Ids.random(12));
        bob = new Caller(Ids.newUserId(), Ids.newDeviceId(), "c-" + Ids.random(12));
        conversation = Ids.directConversationId(alice.userId(), bob.userId());
        long now = System.currentTimeMillis();
        conversations.createIfAbsent(conversation, "direct", now);
        mine.record(conversation, List.of(alice.userId(), bob.userId()), now);
        members.addIfAbsent(conversation, alice.userId(), "member", 0, now);
        members.addIfAbsent(conversation, bob.userId(), "member", 0, now);
    }

    @Test
    void aSendMovesTheHeadAndTheAuthorsOwnCursorsOnTheConversationItem() {
        send(alice, "m-1");
        SentFrame second = send(alice, "m-2");

        var c = conversations.find(conversation).orElseThrow();
        assertThat(c.lastSeq()).isEqualTo(second.seq());
        assertThat(c.cursorsOf(alice.userId())).isEqualTo(new Cursors(second.seq(), second.seq()));
        assertThat(c.cursorsOf(bob.userId())).isEqualTo(Cursors.NONE);
    }

    @Test
    void aDirectAckIsOneConditionalWriteWithNoReadBeforeIt() {
        send(alice, "m-1");
        SentFrame second = send(alice, "m-2");
        Map<String, Long> before = AwsCallCounter.snapshot();

        AckedFrame acked = acks.ack(bob, new AckFrame("k1", conversation, second.seq(), null));

        Map<String, Long> after = AwsCallCounter.snapshot();
        assertThat(acked.delivered()).isEqualTo(second.seq());
        assertThat(acked.read()).isZero();
        // The receipt's connection lookup (BatchGetItem, after the answer) is not the ack's.
        assertThat(delta(before, after, "DynamoDb.UpdateItem")).isEqualTo(1);
        assertThat(delta(before, after, "DynamoDb.GetItem")).isZero();
        assertThat(delta(before, after, "DynamoDb.Query")).isZero();
        assertThat(conversations.find(conversation).orElseThrow().cursorsOf(bob.userId()))
                .isEqualTo(new Cursors(second.seq(), 0));
    }

    @Test
    void aShownAndReadAckAsTheReferenceClientSendsItIsOneWriteWithNoReadBeforeIt() {
        send(alice, "m-1");
        SentFrame second = send(alice, "m-2");
        Map<String, Long> before = AwsCallCounter.snapshot();

        AckedFrame acked = acks.ack(bob, new AckFrame("k1", conversation, second.seq(), second.seq()));

        Map<String, Long> after = AwsCallCounter.snapshot();
        assertThat(acked.delivered()).isEqualTo(second.seq());
        assertThat(acked.read()).isEqualTo(second.seq());
        // Failed conditional writes count as calls too: a first try that fails would show here.
        assertThat(delta(before, after, "DynamoDb.UpdateItem")).isEqualTo(1);
        assertThat(delta(before, after, "DynamoDb.GetItem")).isZero();
        assertThat(conversations.find(conversation).orElseThrow().cursorsOf(bob.userId()))
                .isEqualTo(new Cursors(second.seq(), second.seq()));
    }

    @Test
    void aShownAndReadAckBehindADeliveredCursorNeverMovesItBack() {
        send(alice, "m-1");
        send(alice, "m-2");
        SentFrame third = send(alice, "m-3");
        acks.ack(bob, new AckFrame("k1", conversation, third.seq(), null));

        AckedFrame acked = acks.ack(bob, new AckFrame("k2", conversation, 2L, 2L));

        assertThat(acked.delivered()).isEqualTo(third.seq());
        assertThat(acked.read()).isEqualTo(2);
    }

    @Test
    void aReadAckBehindTheDeliveredCursorMovesOnlyTheReadCursor() {
        send(alice, "m-1");
        send(alice, "m-2");
        SentFrame third = send(alice, "m-3");
        acks.ack(bob, new AckFrame("k1", conversation, third.seq(), null));

        AckedFrame acked = acks.ack(bob, new AckFrame("k2", conversation, 1L, 2L));

        assertThat(acked.delivered()).as("never moves back").isEqualTo(third.seq());
        assertThat(acked.read()).isEqualTo(2);
        assertThat(conversations.find(conversation).orElseThrow().cursorsOf(bob.userId()))
                .isEqualTo(new Cursors(third.seq(), 2));
    }

    @Test
    void aReadAckAheadOfTheDeliveredCursorMovesBoth() {
        send(alice, "m-1");
        SentFrame second = send(alice, "m-2");

        AckedFrame acked = acks.ack(bob, new AckFrame("k1", conversation, null, second.seq()));

        assertThat(acked.delivered()).isEqualTo(second.seq());
        assertThat(acked.read()).isEqualTo(second.seq());
    }

    @Test
    void anAckThatMovesNothingIsAnsweredWithTheCursorsAsTheyAre() {
        SentFrame sent = send(alice, "m-1");
        acks.ack(bob, new AckFrame("k1", conversation, null, sent.seq()));

        AckedFrame again = acks.ack(bob, new AckFrame("k2", conversation, sent.seq(), null));

        assertThat(again.delivered()).isEqualTo(sent.seq());
        assertThat(again.read()).isEqualTo(sent.seq());
    }

    @Test
    void anAckBeyondTheStoredMessagesIsRefused() {
        SentFrame sent = send(alice, "m-1");

        assertThatThrownBy(() -> acks.ack(bob, new AckFrame("k1", conversation, sent.seq() + 1, null)))
                .isInstanceOfSatisfying(ChatException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ACK_BEYOND_HEAD));
        assertThat(conversations.find(conversation).orElseThrow().cursorsOf(bob.userId())).isEqualTo(Cursors.NONE);
    }

    @Test
    void anAckOfAMessageStoredBeyondALaggingHeadMovesTheHeadAndIsAccepted() {
        SentFrame sent = send(alice, "m-1");
        // Stored, but its sender died before moving the head.
        messages.tryPut(new StoredMessage(conversation, sent.seq() + 1, alice.userId(), alice.deviceId(), "m-2",
                "hi".getBytes(StandardCharsets.UTF_8), null, System.currentTimeMillis()));

        AckedFrame acked = acks.ack(bob, new AckFrame("k1", conversation, sent.seq() + 1, null));

        assertThat(acked.delivered()).isEqualTo(sent.seq() + 1);
        assertThat(conversations.find(conversation).orElseThrow().lastSeq()).isEqualTo(sent.seq() + 1);
    }

    @Test
    void anAckBySomeoneNotInTheConversationIsRefusedAsNotFound() {
        send(alice, "m-1");
        Caller carol = new Caller(Ids.newUserId(), Ids.newDeviceId(), "c-" + Ids.random(12));

        assertThatThrownBy(() -> acks.ack(carol, new AckFrame("k1", conversation, 1L, null)))
                .isInstanceOfSatisfying(ChatException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND));
    }

    @Test
    void anAckOfADirectConversationThatDoesNotExistIsRefusedAsNotFound() {
        String never = Ids.directConversationId(bob.userId(), Ids.newUserId());

        assertThatThrownBy(() -> acks.ack(bob, new AckFrame("k1", never, 1L, null)))
                .isInstanceOfSatisfying(ChatException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND));
    }

    private SentFrame send(Caller from, String clientMsgId) {
        return sends.send(from, new SendFrame("r-" + clientMsgId, conversation, null, clientMsgId,
                Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8))));
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String call) {
        return after.getOrDefault(call, 0L) - before.getOrDefault(call, 0L);
    }
}
