package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.model.ErrorCode;
import chat.model.frames.ChatMessage;
import chat.model.frames.ErrorFrame;
import chat.model.frames.GroupAction;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.MemberListFrame;
import chat.model.frames.MemberView;
import chat.model.frames.MembersFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.ReaderListFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.model.frames.ServerFrame;
import chat.system.ChatSystem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** history, readers, groupChange and createGroup at their edges, as a client speaking raw JSON frames sees them. */
@ExtendWith(SharedSystem.class)
class GroupAndHistoryRequestsTest {
    private static final Pattern REQ_ID = Pattern.compile("\"reqId\":\"([^\"]+)\"");
    private TestUsers users;
    private TestUsers.User alice;
    private TestUsers.User bob;

    @BeforeEach
    void users(ChatSystem system) {
        users = new TestUsers(system);
        alice = users.register("alice");
        bob = users.register("bob");
    }

    @Test
    void historyBeforeTheFirstSeqIsAnEmptyPage() throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            String conversation = SyncTest.sendMany(a, bob.userId(), 3);
            HistoryPageFrame page = answer(a, historyFrame("h1", conversation, 1), HistoryPageFrame.class);
            assertThat(page.messages()).isEmpty();
            assertThat(page.hasMore()).isFalse();
            assertThat(answer(a, historyFrame("h2", conversation, 2), HistoryPageFrame.class).messages())
                    .extracting(ChatMessage::seq).containsExactly(1L);
        }
    }

    @Test
    void historyBeforeSeqBelowOneIsRefusedAsInvalid() throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            String conversation = SyncTest.sendMany(a, bob.userId(), 1);
            for (long before : List.of(0L, -1L)) {
                ErrorFrame error = answer(a, historyFrame("h" + before, conversation, before), ErrorFrame.class);
                assertThat(error.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                assertThat(error.message()).contains("beforeSeq");
            }
        }
    }

    @Test
    void aNewcomerAskingForHistoryAtOrBelowTheirJoinGetsAnEmptyPageAndReadersOfThoseSeqsAreRefused()
            throws Exception {
        TestUsers.User carol = users.register("carol");
        try (ChatConnection a = users.connect(alice); ChatConnection c = users.connect(carol)) {
            String group = Groups.create(a, "Old hands", List.of(bob.userId())).conversationId();
            a.send(new SendFrame(null, group, null, "old", Bodies.of("before carol"))).get(10, TimeUnit.SECONDS);
            long join = Groups.change(a, group, "add", List.of(carol.userId()), null).seq();
            assertThat(join).isEqualTo(3);
            for (long before : List.of(join, join - 1, 1L)) {
                HistoryPageFrame page = answer(c, historyFrame("n" + before, group, before), HistoryPageFrame.class);
                assertThat(page.messages()).as("beforeSeq %d", before).isEmpty();
                assertThat(page.hasMore()).isFalse();
            }
            for (long hidden : List.of(1L, 2L)) {
                ErrorFrame refused = answer(c, readersFrame("r" + hidden, group, hidden), ErrorFrame.class);
                assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_FIELD);
                assertThat(refused.message()).isEqualTo("no message with seq " + hidden);
            }
            ReaderListFrame ownJoin = answer(c, readersFrame("r-join", group, join), ReaderListFrame.class);
            assertThat(ownJoin.deliveredTo()).contains(alice.userId());
            assertThat(answer(a, readersFrame("r-alice", group, 1), ReaderListFrame.class).readBy())
                    .contains(alice.userId());
        }
    }

    @Test
    void removeNamingTwoUsersIsRefusedAsInvalidAndRemovesNobody() throws Exception {
        TestUsers.User carol = users.register("carol");
        try (ChatConnection a = users.connect(alice)) {
            String group = Groups.create(a, "Trio", List.of(bob.userId(), carol.userId())).conversationId();
            ErrorFrame error = answer(a, "{\"type\":\"groupChange\",\"reqId\":\"rm2\",\"clientMsgId\":\"rm2\","
                    + "\"conversationId\":\"" + group + "\",\"action\":\"remove\",\"userIds\":[\"" + bob.userId()
                    + "\",\"" + carol.userId() + "\"]}", ErrorFrame.class);
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(error.message()).isEqualTo("remove takes exactly one user id");
            MemberListFrame list = a.request(new MembersFrame(a.newReqId(), group), MemberListFrame.class)
                    .get(10, TimeUnit.SECONDS);
            assertThat(list.members()).extracting(MemberView::userId)
                    .containsExactlyInAnyOrder(alice.userId(), bob.userId(), carol.userId());
        }
    }

    @Test
    void aRepeatedCreateGroupAnswersTheSameGroupAndDoesNotPushItsCreatedEntryAgain() throws Exception {
        try (ChatConnection a = users.connect(alice); ChatConnection b = users.connect(bob)) {
            String create = "{\"type\":\"createGroup\",\"reqId\":\"%s\",\"clientMsgId\":\"club-1\","
                    + "\"name\":\"Club\",\"userIds\":[\"" + bob.userId() + "\"]}";
            List<ChatMessage> createdSeenByBob = new CopyOnWriteArrayList<>();
            b.addListener(f -> {
                if (f instanceof MessageFrame m && m.message().event() != null
                        && m.message().event().action() == GroupAction.CREATED) {
                    createdSeenByBob.add(m.message());
                }
            });
            SentFrame first = answer(a, create.formatted("c1"), SentFrame.class);
            String group = first.conversationId();
            Frames.await(b, MessageFrame.class, m -> m.message().conversationId().equals(group));
            // The fan-out is done with it once it has moved the creator's own cursor.
            await().atMost(Duration.ofSeconds(20)).until(() -> a.request(new MembersFrame(a.newReqId(), group),
                    MemberListFrame.class).get(10, TimeUnit.SECONDS).members().stream()
                    .anyMatch(m -> m.userId().equals(alice.userId()) && m.read() >= 1));

            SentFrame again = answer(a, create.formatted("c2"), SentFrame.class);
            assertThat(again.conversationId()).isEqualTo(group);
            assertThat(again.seq()).isEqualTo(first.seq());
            assertThat(again.duplicate()).isTrue();
            // A later entry of the same group comes after any push of the repeat would have.
            long marker = a.send(new SendFrame(null, group, null, "after", Bodies.of("after"))).get(10, TimeUnit.SECONDS)
                    .seq();
            Frames.await(b, MessageFrame.class, m -> m.message().conversationId().equals(group)
                    && m.message().seq() == marker);
            assertThat(createdSeenByBob).extracting(ChatMessage::conversationId).containsExactly(group);
        }
    }

    private static String historyFrame(String reqId, String conversationId, long beforeSeq) {
        return "{\"type\":\"history\",\"reqId\":\"" + reqId + "\",\"conversationId\":\"" + conversationId
                + "\",\"beforeSeq\":" + beforeSeq + "}";
    }

    private static String readersFrame(String reqId, String conversationId, long seq) {
        return "{\"type\":\"readers\",\"reqId\":\"" + reqId + "\",\"conversationId\":\"" + conversationId
                + "\",\"seq\":" + seq + "}";
    }

    /** Sends the raw frame and waits for the one answer carrying its reqId, which must be of {@code type}. */
    private static <T extends ServerFrame> T answer(ChatConnection c, String frame, Class<T> type) throws Exception {
        Matcher m = REQ_ID.matcher(frame);
        assertThat(m.find()).as("frame has a reqId").isTrue();
        String reqId = m.group(1);
        c.sendRaw(frame).get(10, TimeUnit.SECONDS);
        ServerFrame got = Frames.await(c, ServerFrame.class, f -> reqId.equals(reqIdOf(f)));
        assertThat(got).as("answer to %s", frame).isInstanceOf(type);
        return type.cast(got);
    }

    private static String reqIdOf(ServerFrame f) {
        if (f instanceof SentFrame s) {
            return s.reqId();
        }
        if (f instanceof ErrorFrame e) {
            return e.reqId();
        }
        if (f instanceof HistoryPageFrame h) {
            return h.reqId();
        }
        return f instanceof ReaderListFrame r ? r.reqId() : null;
    }
}
