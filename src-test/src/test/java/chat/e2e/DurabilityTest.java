package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.model.frames.ChatMessage;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.system.ChatSystem;
import chat.system.SystemOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Its own system with dynalite on disk, so the engine can be restarted under it. */
class DurabilityTest {

    @Test
    void everyMessageAcknowledgedSentSurvivesARestartOfTheDynamoDbEngine(@TempDir Path data) throws Exception {
        try (ChatSystem system = ChatSystem.start(SystemOptions.forTests(Path.of("target", "e2e-logs", "durability"))
                .withDataDir(data))) {
            TestUsers users = new TestUsers(system);
            TestUsers.User alice = users.register("alice");
            TestUsers.User bob = users.register("bob");
            List<SentFrame> acknowledged = new ArrayList<>();
            try (ChatConnection a = users.connect(alice)) {
                String conversation = null;
                for (int i = 1; i <= 100; i++) {
                    SentFrame sent = a.send(new SendFrame(null, conversation, conversation == null ? bob.userId()
                            : null, "d" + i, Bodies.of("durable " + i))).get(10, TimeUnit.SECONDS);
                    conversation = sent.conversationId();
                    acknowledged.add(sent);
                }
            }

            system.localStack().restartDynamo();

            try (ChatConnection b = users.connect(bob)) {
                String conversation = acknowledged.get(0).conversationId();
                List<ChatMessage> stored = new ArrayList<>();
                Long before = null;
                boolean more = true;
                while (more) {
                    HistoryPageFrame page = b.history(conversation, before, 40).get(10, TimeUnit.SECONDS);
                    stored.addAll(0, page.messages());
                    more = page.hasMore();
                    before = page.messages().isEmpty() ? null : page.messages().get(0).seq();
                }
                assertThat(stored).hasSize(acknowledged.size());
                for (int i = 0; i < acknowledged.size(); i++) {
                    assertThat(stored.get(i).seq()).isEqualTo(acknowledged.get(i).seq());
                    assertThat(stored.get(i).clientMsgId()).isEqualTo("d" + (i + 1));
                    assertThat(Bodies.text(stored.get(i).body())).isEqualTo("durable " + (i + 1));
                }
                // And the conversation carries on after the restart, gaplessly.
                SentFrame next = b.send(new SendFrame(null, conversation, null, "after", Bodies.of("after")))
                        .get(10, TimeUnit.SECONDS);
                assertThat(next.seq()).isEqualTo(101);
            }
        }
    }
}
