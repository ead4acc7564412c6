package chat.functions.store;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.lambda.LocalStackResource;
import chat.functions.store.MembersTable.Member;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The author's own cursors, as the fan-out moves them after each message, against dynalite. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class MembersTableTest {
    @Inject
    MembersTable members;

    @Test
    void sendingMovesBothOfTheAuthorsCursorsToTheMessage() {
        String c = conversation();
        members.addIfAbsent(c, "alice", "member", 0, 1);
        members.advanceToOwn(c, "alice", 7);
        assertThat(cursors(c, "alice")).containsExactly(7L, 7L);
    }

    @Test
    void aDeliveredCursorAlreadyBeyondStaysAndOnlyTheReadCursorMoves() {
        String c = conversation();
        members.addIfAbsent(c, "alice", "member", 0, 1);
        members.advanceCursors(members.find(c, "alice").orElseThrow(), 9, 2);
        members.advanceToOwn(c, "alice", 5);
        assertThat(cursors(c, "alice")).containsExactly(9L, 5L);
    }

    @Test
    void anOlderMessageNeverMovesACursorBack() {
        String c = conversation();
        members.addIfAbsent(c, "alice", "member", 0, 1);
        members.advanceToOwn(c, "alice", 8);
        members.advanceToOwn(c, "alice", 3);
        assertThat(cursors(c, "alice")).containsExactly(8L, 8L);
    }

    @Test
    void noMemberRowIsCreatedForSomeoneWhoIsNotAMember() {
        String c = conversation();
        members.advanceToOwn(c, "mallory", 4);
        assertThat(members.find(c, "mallory")).isEmpty();
    }

    private Long[] cursors(String conversationId, String userId) {
        Member m = members.find(conversationId, userId).orElseThrow();
        return new Long[] {m.deliveredSeq(), m.readSeq()};
    }

    private static String conversation() {
        return "g" + UUID.randomUUID().toString().replace("-", "");
    }
}
