package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import chat.client.ChatConnection;
import chat.client.FrameRecorder;
import chat.client.ChatErrorException;
import chat.model.ErrorCode;
import chat.model.frames.AckFrame;
import chat.model.frames.AckedFrame;
import chat.model.frames.ChatMessage;
import chat.model.frames.ClientFrame;
import chat.model.frames.GroupAction;
import chat.model.frames.GroupChangeFrame;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.HistoryFrame;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.MemberListFrame;
import chat.model.frames.MemberView;
import chat.model.frames.MembersFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.ReaderListFrame;
import chat.model.frames.ReadersFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.model.frames.ServerFrame;
import chat.system.ChatSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSystem.class)
class GroupMembershipTest {

    @Test
    void creatingAGroupStoresACreatedEventAsSeqOneThatEveryMemberReceives(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        try (ChatConnection a = users.connect(alice); ChatConnection b = users.connect(bob)) {
            SentFrame created = Groups.create(a, "Hikers", List.of(bob.userId()));
            assertThat(created.seq()).isEqualTo(1);
            assertThat(created.conversationId()).startsWith("g");
            ChatMessage event = Frames.await(b, MessageFrame.class).message();
            assertThat(event.seq()).isEqualTo(1);
            assertThat(event.body()).isNull();
            assertThat(event.event().action()).isEqualTo(GroupAction.CREATED);
            assertThat(event.event().name()).isEqualTo("Hikers");
            assertThat(event.event().userIds()).containsExactly(alice.userId(), bob.userId());

            MemberListFrame list = b.request(new MembersFrame(b.newReqId(), created.conversationId()),
                    MemberListFrame.class).get(10, TimeUnit.SECONDS);
            assertThat(list.members()).extracting(MemberView::userId)
                    .containsExactlyInAnyOrder(alice.userId(), bob.userId());
            assertThat(list.members()).filteredOn(m -> m.userId().equals(alice.userId()))
                    .extracting(MemberView::role).containsExactly("admin");
        }
    }

    @Test
    void aRemovedMemberGetsNothingAfterTheRemovalAndAnAddedMemberSeesFromItsJoin(ChatSystem system)
            throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        TestUsers.User carol = users.register("carol");
        TestUsers.User dave = users.register("dave");
        try (ChatConnection a = users.connect(alice); ChatConnection b = users.connect(bob);
                ChatConnection c = users.connect(carol); ChatConnection d = users.connect(dave)) {
            String group = Groups.create(a, "Team", List.of(bob.userId(), carol.userId())).conversationId();
            for (int i = 0; i < 10; i++) {
                a.send(new SendFrame(null, group, null, "before" + i, Bodies.of("before " + i))).get(10, TimeUnit.SECONDS);
            }
            long removal = Groups.change(a, group, "remove", List.of(carol.userId()), null).seq();
            long join = Groups.change(a, group, "add", List.of(dave.userId()), null).seq();
            long last = 0;
            for (int i = 0; i < 10; i++) {
                last = a.send(new SendFrame(null, group, null, "after" + i, Bodies.of("after " + i)))
                        .get(10, TimeUnit.SECONDS).seq();
            }
            // Bob, a member throughout, has the whole stream: proof that everything after was fanned out.
            assertThat(last).isEqualTo(23);
            long lastSeq = last;
            Frames.await(b, MessageFrame.class, m -> m.message().seq() == lastSeq);

            List<Long> carolGot = seqsOf(c);
            assertThat(carolGot).contains(removal).allMatch(s -> s <= removal);
            HistoryPageFrame carolHistory = c.history(group, null, 100).get(10, TimeUnit.SECONDS);
            assertThat(carolHistory.messages()).extracting(ChatMessage::seq).last().isEqualTo(removal);
            Throwable carolSends = catchThrowable(() -> c.send(new SendFrame(null, group, null, "late",
                    Bodies.of("late"))).get(10, TimeUnit.SECONDS));
            assertThat(code(carolSends)).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);

            HistoryPageFrame daveHistory = d.history(group, null, 100).get(10, TimeUnit.SECONDS);
            assertThat(daveHistory.messages()).extracting(ChatMessage::seq).first().isEqualTo(join);
            assertThat(daveHistory.hasMore()).isFalse();
            assertThat(daveHistory.messages().get(0).event().action()).isEqualTo(GroupAction.ADDED);
            assertThat(d.sync(java.util.Map.of(), null).get(10, TimeUnit.SECONDS).messages())
                    .extracting(ChatMessage::seq).allMatch(s -> s >= join).contains(join, last);
        }
    }

    @Test
    void onlyAdminsChangeAGroupAndPromotedMembersBecomeAdmins(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        TestUsers.User carol = users.register("carol");
        try (ChatConnection a = users.connect(alice); ChatConnection b = users.connect(bob)) {
            String group = Groups.create(a, "Club", List.of(bob.userId())).conversationId();
            Throwable refused = catchThrowable(() -> Groups.change(b, group, "add", List.of(carol.userId()), null));
            assertThat(code(refused)).isEqualTo(ErrorCode.FORBIDDEN);

            Groups.change(a, group, "promote", List.of(bob.userId()), null);
            long added = Groups.change(b, group, "add", List.of(carol.userId()), null).seq();
            assertThat(added).isEqualTo(3);
            long renamed = Groups.change(b, group, "rename", null, "Book club").seq();
            assertThat(renamed).isEqualTo(4);
            assertThat(a.conversations().get(10, TimeUnit.SECONDS).conversations().get(0).name())
                    .isEqualTo("Book club");
        }
    }

    @Test
    void aNonMemberIsRefusedEverythingWithoutLearningWhetherTheGroupExists(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User mallory = users.register("mallory");
        try (ChatConnection a = users.connect(alice); ChatConnection m = users.connect(mallory)) {
            String group = Groups.create(a, "Private", List.of()).conversationId();
            a.send(new SendFrame(null, group, null, "secret", Bodies.of("secret"))).get(10, TimeUnit.SECONDS);
            String ghost = "g" + "z".repeat(16);
            for (String target : List.of(group, ghost)) {
                List<ClientFrame> attempts = List.of(
                        new SendFrame(m.newReqId(), target, null, "x", Bodies.of("x")),
                        new AckFrame(m.newReqId(), target, null, 1L),
                        new HistoryFrame(m.newReqId(), target, null, null),
                        new MembersFrame(m.newReqId(), target),
                        new ReadersFrame(m.newReqId(), target, 1L),
                        new GroupChangeFrame(m.newReqId(), "j1", target, "add", List.of(mallory.userId()), null),
                        new GroupChangeFrame(m.newReqId(), "j2", target, "leave", null, null));
                for (ClientFrame attempt : attempts) {
                    Throwable t = catchThrowable(() -> m.request(attempt, ServerFrame.class).get(10, TimeUnit.SECONDS));
                    assertThat(code(t)).as("%s on %s", attempt.getClass().getSimpleName(), target)
                            .isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
                    assertThat(((ChatErrorException) t.getCause()).frame().message())
                            .isEqualTo("conversation not found");
                }
            }
            assertThat(seqsOf(m)).isEmpty();
        }
    }

    @Test
    void theSenderSeesDeliveredToAllAndReadByAllAndAnyMemberCanAskWhoRead(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        TestUsers.User carol = users.register("carol");
        try (ChatConnection a = users.connect(alice); ChatConnection b = users.connect(bob);
                ChatConnection c = users.connect(carol)) {
            String group = Groups.create(a, "Trio", List.of(bob.userId(), carol.userId())).conversationId();
            long seq = a.send(new SendFrame(null, group, null, "q", Bodies.of("lunch?"))).get(10, TimeUnit.SECONDS)
                    .seq();
            b.request(new AckFrame(b.newReqId(), group, null, seq), AckedFrame.class).get(10, TimeUnit.SECONDS);
            ReaderListFrame readers = c.request(new ReadersFrame(c.newReqId(), group, seq), ReaderListFrame.class)
                    .get(10, TimeUnit.SECONDS);
            assertThat(readers.readBy()).containsExactlyInAnyOrder(alice.userId(), bob.userId());

            c.request(new AckFrame(c.newReqId(), group, seq, null), AckedFrame.class).get(10, TimeUnit.SECONDS);
            GroupReceiptFrame delivered = Frames.await(a, GroupReceiptFrame.class, r -> r.deliveredToAll() == seq);
            assertThat(delivered.readByAll()).isLessThan(seq);
            c.request(new AckFrame(c.newReqId(), group, null, seq), AckedFrame.class).get(10, TimeUnit.SECONDS);
            Frames.await(a, GroupReceiptFrame.class, r -> r.readByAll() == seq);
        }
    }

    static List<Long> seqsOf(ChatConnection c) {
        List<Long> out = new ArrayList<>();
        FrameRecorder.of(c).frames().stream().filter(MessageFrame.class::isInstance)
                .forEach(f -> out.add(((MessageFrame) f).message().seq()));
        return out;
    }

    static ErrorCode code(Throwable t) {
        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(ChatErrorException.class);
        return ((ChatErrorException) t.getCause()).frame().code();
    }
}
