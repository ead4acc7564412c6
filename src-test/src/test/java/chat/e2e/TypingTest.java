package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.client.FrameRecorder;
import chat.client.SyncResult;
import chat.model.frames.ConversationSummary;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.SentFrame;
import chat.model.frames.TypingNoticeFrame;
import chat.model.Limits;
import chat.system.ChatSystem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSystem.class)
class TypingTest {

    @Test
    void typingReachesOnlyTheOtherMembersOnlineDevicesAndIsNeverStoredOrSynced(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.Device alicePhone = users.addDevice(alice.handle(), "phone");
        TestUsers.User bob = users.register("bob");
        TestUsers.User dave = users.register("dave");
        TestUsers.User carol = users.register("carol"); // not a member
        try (ChatConnection a = users.connect(alice); ChatConnection aPhone = users.connect(alicePhone);
                ChatConnection b = users.connect(bob); ChatConnection c = users.connect(carol)) {
            SentFrame created = Groups.create(a, "typing", List.of(bob.userId(), dave.userId()));
            String group = created.conversationId();
            long headBefore = created.seq();

            Presence.typing(a, group, true);
            TypingNoticeFrame seen = Frames.await(b, TypingNoticeFrame.class);
            assertThat(seen.conversationId()).isEqualTo(group);
            assertThat(seen.userId()).isEqualTo(alice.userId());
            assertThat(seen.typing()).isTrue();
            assertThat(seen.expiresInMs()).isEqualTo(Limits.TYPING_EXPIRES_MS);
            Presence.typing(a, group, false);
            assertThat(Frames.await(b, TypingNoticeFrame.class).typing()).isFalse();

            // Not echoed to the typist's own devices, and never to a non-member.
            assertThat(FrameRecorder.of(aPhone).awaitFrame(TypingNoticeFrame.class, Duration.ofSeconds(1))).isNull();
            assertThat(FrameRecorder.of(a).awaitFrame(TypingNoticeFrame.class, Duration.ofMillis(100))).isNull();
            assertThat(FrameRecorder.of(c).awaitFrame(TypingNoticeFrame.class, Duration.ofMillis(100))).isNull();

            // A non-member cannot type into the group.
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> c.request(
                    new chat.model.frames.TypingFrame(c.newReqId(), group, true), SentFrame.class)
                    .get(10, TimeUnit.SECONDS));
            assertThat(refused).hasCauseInstanceOf(chat.client.ChatErrorException.class);
            assertThat(((chat.client.ChatErrorException) refused.getCause()).code())
                    .isEqualTo(chat.model.ErrorCode.CONVERSATION_NOT_FOUND);

            // Dave was offline: he never gets it, not even by sync, and nothing was stored.
            try (ChatConnection d = users.connect(dave)) {
                SyncResult sync = d.sync(Map.of(), null).get(20, TimeUnit.SECONDS);
                assertThat(sync.messages()).allSatisfy(m -> assertThat(m.seq()).isLessThanOrEqualTo(headBefore));
                assertThat(FrameRecorder.of(d).awaitFrame(TypingNoticeFrame.class, Duration.ofSeconds(1))).isNull();
                HistoryPageFrame history = d.history(group, null, 100).get(10, TimeUnit.SECONDS);
                assertThat(history.messages()).extracting(m -> m.seq()).containsExactly(headBefore);
                ConversationSummary summary = d.conversations().get(10, TimeUnit.SECONDS).conversations().stream()
                        .filter(s -> s.conversationId().equals(group)).findFirst().orElseThrow();
                assertThat(summary.lastSeq()).isEqualTo(headBefore);
            }
        }
    }
}
