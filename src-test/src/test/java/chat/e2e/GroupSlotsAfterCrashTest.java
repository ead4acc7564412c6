package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.client.FrameRecorder;
import chat.model.ErrorCode;
import chat.model.frames.CreateGroupFrame;
import chat.model.frames.ErrorFrame;
import chat.model.frames.MemberListFrame;
import chat.model.frames.MembersFrame;
import chat.model.frames.SentFrame;
import chat.model.frames.ServerFrame;
import chat.system.ChatSystem;
import chat.system.SystemOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A functions process killed between taking a group's member slots and storing the add (the test crash point halts
 * it there, as kill -9 would) leaks no slot: the retried add reuses the slots, and the group still fills to exactly
 * 256 members.
 */
class GroupSlotsAfterCrashTest {
    private static final String CRASH_POINT = "chat.test.crash-point";
    private static final Duration SLOW = Duration.ofSeconds(90);

    @Test
    void anAddRetriedAfterACrashBetweenReservingAndStoringLeavesTheGroupRoomForExactly256() throws Exception {
        SystemOptions options = SystemOptions.forTests(Path.of("target", "e2e-logs", "group-slots-crash"))
                .withProperties(Map.of(CRASH_POINT, "group-after-reserve"), Map.of());
        try (ChatSystem system = ChatSystem.start(options)) {
            TestUsers users = new TestUsers(system);
            TestUsers.User alice = users.register("alice");
            List<TestUsers.User> others = users.registerMany("m", 255);
            List<String> initial = ids(others.subList(0, 200));
            String crashed = others.get(200).userId();
            List<String> rest = ids(others.subList(201, 255));

            String group;
            try (ChatConnection a = users.connect(alice)) {
                // A 201-member create on a loaded machine can take longer than the client's default request timeout.
                group = a.request(new CreateGroupFrame(a.newReqId(), "full-house", "Full house", initial),
                        SentFrame.class, SLOW).get(SLOW.toSeconds(), TimeUnit.SECONDS).conversationId();
                a.sendRaw(addFrame("before-crash", "add-1", group, List.of(crashed))).get(10, TimeUnit.SECONDS);
                assertThat(system.functions(0).exitsWithin(Duration.ofSeconds(60)))
                        .as("functions halted at the crash point").isTrue();
            }
            system.restartFunctions(0, Map.of(CRASH_POINT, ""));

            try (ChatConnection a = users.connect(alice)) {
                // The crashed attempt's claim holds its lease (10 s) after the restart: until it runs out, a retry is
                // answered SEND_IN_PROGRESS, as any client would be, and retries again. A loaded machine may also
                // answer a retryable UNAVAILABLE (the store or the queue too slow); a client retries that too.
                long firstSeq = addUntilStored(a, "lease", "add-1", group, List.of(crashed)).seq();
                List<Long> seqs = new ArrayList<>();
                for (int attempt = 0; attempt < 6; attempt++) {
                    seqs.add(addUntilStored(a, "retry-" + attempt, "add-1", group, List.of(crashed)).seq());
                }
                seqs.add(firstSeq);
                assertThat(seqs).as("every retry answers the one stored add").containsOnly(seqs.get(0));

                addUntilStored(a, "fill", "add-2", group, rest);
                MemberListFrame list = a.request(new MembersFrame(a.newReqId(), group), MemberListFrame.class)
                        .get(SLOW.toSeconds(), TimeUnit.SECONDS);
                assertThat(list.members()).hasSize(256);

                TestUsers.User late = users.register("late");
                assertThat(addUntilSettled(a, "over", "add-3", group, List.of(late.userId())))
                        .isInstanceOfSatisfying(ErrorFrame.class, e -> assertThat(e.code())
                                .isEqualTo(ErrorCode.GROUP_FULL));
            }
        }
    }

    /** Sends one add until it is stored, retrying what any client retries. */
    private static SentFrame addUntilStored(ChatConnection a, String reqIdPrefix, String clientMsgId, String group,
            List<String> userIds) throws Exception {
        ServerFrame settled = addUntilSettled(a, reqIdPrefix, clientMsgId, group, userIds);
        assertThat(settled).isInstanceOf(SentFrame.class);
        return (SentFrame) settled;
    }

    /** The first answer to an add that is not a retryable refusal (SEND_IN_PROGRESS or UNAVAILABLE). */
    private static ServerFrame addUntilSettled(ChatConnection a, String reqIdPrefix, String clientMsgId, String group,
            List<String> userIds) throws Exception {
        for (int wait = 0; ; wait++) {
            String reqId = reqIdPrefix + "-" + wait;
            a.sendRaw(addFrame(reqId, clientMsgId, group, userIds)).get(10, TimeUnit.SECONDS);
            ServerFrame answered = answer(a, ServerFrame.class, f -> f instanceof SentFrame s
                    && reqId.equals(s.reqId()) || f instanceof ErrorFrame e && reqId.equals(e.reqId()));
            if (!(answered instanceof ErrorFrame refused) || !refused.retryable()) {
                return answered;
            }
            assertThat(refused.code()).as(refused.message())
                    .isIn(ErrorCode.SEND_IN_PROGRESS, ErrorCode.UNAVAILABLE);
            assertThat(wait).as("the claim lease runs out").isLessThan(120);
            Thread.sleep(1000); // the lease is time-based: nothing to wait on but the clock
        }
    }

    private static <T extends ServerFrame> T answer(ChatConnection c, Class<T> type, Predicate<? super T> match)
            throws InterruptedException {
        T frame = FrameRecorder.of(c).awaitFrame(type, match, SLOW);
        assertThat(frame).as("a matching %s within %s", type.getSimpleName(), SLOW).isNotNull();
        return frame;
    }

    private static String addFrame(String reqId, String clientMsgId, String group, List<String> userIds) {
        return "{\"type\":\"groupChange\",\"reqId\":\"" + reqId + "\",\"clientMsgId\":\"" + clientMsgId
                + "\",\"conversationId\":\"" + group + "\",\"action\":\"add\",\"userIds\":["
                + userIds.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(",")) + "]}";
    }

    private static List<String> ids(List<TestUsers.User> users) {
        return users.stream().map(TestUsers.User::userId).toList();
    }
}
