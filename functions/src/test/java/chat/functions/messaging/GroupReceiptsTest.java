package chat.functions.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import chat.functions.lambda.LocalStackResource;
import chat.functions.store.ConversationsTable;
import chat.functions.store.MembersTable;
import chat.functions.support.AwsCallCounter;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.frames.AckFrame;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The aggregate group receipt, counted without reading the member list on every ack, against dynalite. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class GroupReceiptsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @Inject
    GroupReceipts receipts;
    @Inject
    ConversationsTable conversations;
    @Inject
    MembersTable members;
    @Inject
    ConversationLog log;

    @Test
    void theAggregateMovesWhenTheLastLaggardAcksAndNotBefore() {
        String g = group("alice", "bob", "carol");
        ack(g, "alice", 5, 5);
        ack(g, "bob", 5, 5);
        // Both receipts are after the call: give them time to (wrongly) move before looking.
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> deliveredAll(g) == 0);
        ack(g, "carol", 5, 3);
        await().atMost(WAIT).until(() -> deliveredAll(g) == 5 && readAll(g) == 3);
    }

    @Test
    void theAggregateMovesAgainForTheNextMessageFromTheStoredCounts() {
        String g = group("alice", "bob");
        ack(g, "alice", 2, 2);
        ack(g, "bob", 2, 2);
        await().atMost(WAIT).until(() -> readAll(g) == 2);
        ack(g, "bob", 4, 4);
        ack(g, "alice", 4, 4);
        await().atMost(WAIT).until(() -> deliveredAll(g) == 4 && readAll(g) == 4);
    }

    @Test
    void aLaggardWhoLeavesLetsTheAggregateMove() {
        String g = group("alice", "bob", "carol");
        ack(g, "alice", 5, 5);
        ack(g, "bob", 5, 5);
        assertThat(members.markLeaving(g, "carol")).isTrue();
        members.markLeft(g, "carol", 5);
        receipts.recompute(g);
        assertThat(deliveredAll(g)).isEqualTo(5);
        assertThat(readAll(g)).isEqualTo(5);
    }

    @Test
    void anAckOfAMessageThisInstanceStoredReadsNothingBeforeItsWrites() {
        String g = group("alice", "bob");
        long seq = log.append(new Caller("alice", "dalice", "calice"), g, "m-1",
                "hi".getBytes(StandardCharsets.UTF_8), null).entry().seq();
        Map<String, Long> before = AwsCallCounter.snapshot();

        ack(g, "bob", seq, seq);

        Map<String, Long> after = AwsCallCounter.snapshot();
        assertThat(after.get("DynamoDb.UpdateItem")).as("the member's cursors were written")
                .isGreaterThan(before.get("DynamoDb.UpdateItem"));
        assertThat(after.getOrDefault("DynamoDb.GetItem", 0L)).isEqualTo(before.getOrDefault("DynamoDb.GetItem", 0L));
    }

    @Test
    void anAckBeyondTheHeadIsRefused() {
        String g = group("alice", "bob");

        assertThatThrownBy(() -> ack(g, "bob", 6, 0)).isInstanceOfSatisfying(ChatException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ACK_BEYOND_HEAD));
    }

    private String group(String... users) {
        String g = "g" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        conversations.createGroup(g, "test", users.length, 1);
        for (String u : users) {
            members.addIfAbsent(g, u, "member", 0, 1);
        }
        conversations.advanceHead(g, 5, 2);
        return g;
    }

    private void ack(String g, String user, long delivered, long read) {
        receipts.ack(new Caller(user, "d" + user, "c" + user), new AckFrame("r", g, delivered, read));
    }

    private long deliveredAll(String g) {
        return conversations.find(g).orElseThrow().deliveredAll();
    }

    private long readAll(String g) {
        return conversations.find(g).orElseThrow().readAll();
    }
}
