package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.model.frames.ConversationSummary;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.system.ChatSystem;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSystem.class)
class ConversationListTest {

    @Test
    void listShowsEachConversationWithUnreadCountsThatFallAsTheReaderAcks(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        TestUsers.User carol = users.register("carol");
        try (ChatConnection a = users.connect(alice); ChatConnection b = users.connect(bob);
                ChatConnection c = users.connect(carol)) {
            SentFrame fromAlice = null;
            for (int i = 1; i <= 3; i++) {
                fromAlice = a.send(new SendFrame(null, null, bob.userId(), "a" + i, Bodies.of("a" + i)))
                        .get(10, TimeUnit.SECONDS);
            }
            SentFrame fromCarol = c.send(new SendFrame(null, null, bob.userId(), "c1", Bodies.of("c1")))
                    .get(10, TimeUnit.SECONDS);
            String withAlice = fromAlice.conversationId();

            List<ConversationSummary> rows = awaitRows(b, 2, withAlice, 3);
            assertThat(rows.get(0).conversationId()).isEqualTo(fromCarol.conversationId());
            ConversationSummary alicesRow = rows.get(1);
            assertThat(alicesRow.kind()).isEqualTo("direct");
            assertThat(alicesRow.peerUserId()).isEqualTo(alice.userId());
            assertThat(alicesRow.lastSeq()).isEqualTo(3);
            assertThat(alicesRow.unread()).isEqualTo(3);

            b.ack(withAlice, null, 2L).get(10, TimeUnit.SECONDS);
            ConversationSummary after = b.conversations().get(10, TimeUnit.SECONDS).conversations().stream()
                    .filter(r -> r.conversationId().equals(withAlice)).findFirst().orElseThrow();
            assertThat(after.unread()).isEqualTo(1);
            assertThat(after.read()).isEqualTo(2);

            // The sender's own messages never count as unread for the sender, and it sees the peer's cursors.
            ConversationSummary alicesView = a.conversations().get(10, TimeUnit.SECONDS).conversations().get(0);
            await().atMost(Frames.WAIT).until(() -> a.conversations().get(10, TimeUnit.SECONDS)
                    .conversations().get(0).unread() == 0);
            assertThat(alicesView.peerRead()).isEqualTo(2);
        }
    }

    /** The list is built from heads the fan-out advances, so wait until it has caught up with the sends. */
    private static List<ConversationSummary> awaitRows(ChatConnection c, int count, String conversation, long seq) {
        return await().atMost(Frames.WAIT).until(
                () -> c.conversations().get(10, TimeUnit.SECONDS).conversations(),
                rows -> rows.size() == count && rows.stream().anyMatch(
                        r -> r.conversationId().equals(conversation) && r.lastSeq() == seq));
    }
}
