package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.client.ConversationInbox;
import chat.model.frames.ChatMessage;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.system.ChatSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSystem.class)
class IdempotentSendTest {

    @Test
    void resendWithTheSameClientMsgIdReturnsTheOriginalSeqAndStoresNothingNew(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        try (ChatConnection a = users.connect(alice)) {
            SentFrame first = a.send(new SendFrame(null, null, bob.userId(), "same-id", Bodies.of("once")))
                    .get(10, TimeUnit.SECONDS);
            a.send(new SendFrame(null, first.conversationId(), null, "other", Bodies.of("next")))
                    .get(10, TimeUnit.SECONDS);
            SentFrame again = a.send(new SendFrame(null, first.conversationId(), null, "same-id",
                    Bodies.of("once"))).get(10, TimeUnit.SECONDS);

            assertThat(again.seq()).isEqualTo(first.seq());
            assertThat(again.serverTime()).isEqualTo(first.serverTime());
            assertThat(again.duplicate()).isTrue();
            assertThat(first.duplicate()).isFalse();
            HistoryPageFrame history = a.history(first.conversationId(), null, 100).get(10, TimeUnit.SECONDS);
            assertThat(history.messages()).extracting(ChatMessage::clientMsgId).containsExactly("same-id", "other");
        }
    }

    @Test
    void resendingAMessageThreeTimesShowsItToTheRecipientOnce(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        try (ChatConnection a = users.connect(alice); ChatConnection b = users.connect(bob)) {
            // A resend is pushed again (its first attempt may have died before pushing); the device drops repeats.
            ConversationInbox inbox = new ConversationInbox();
            Map<String, AtomicInteger> shown = new ConcurrentHashMap<>();
            b.addListener(f -> {
                if (f instanceof MessageFrame m) {
                    inbox.offer(m.message()).forEach(c ->
                            shown.computeIfAbsent(c.clientMsgId(), k -> new AtomicInteger()).incrementAndGet());
                }
            });
            String body = Bodies.of("only once");
            String send = "{\"type\":\"send\",\"reqId\":\"%s\",\"peer\":\"" + bob.userId()
                    + "\",\"clientMsgId\":\"%s\",\"body\":\"" + body + "\"}";
            List<SentFrame> answers = new ArrayList<>();
            for (int attempt = 0; attempt < 4; attempt++) {
                String reqId = "try-" + attempt;
                a.sendRaw(send.formatted(reqId, "resent")).get(5, TimeUnit.SECONDS);
                answers.add(Frames.await(a, SentFrame.class, f -> reqId.equals(f.reqId())));
            }
            a.sendRaw(send.formatted("next", "after-resends")).get(5, TimeUnit.SECONDS);
            Frames.await(a, SentFrame.class, f -> "next".equals(f.reqId()));
            await().atMost(Frames.WAIT).until(() -> shown.containsKey("after-resends"));

            assertThat(answers).extracting(SentFrame::seq).containsOnly(answers.get(0).seq());
            assertThat(answers).extracting(SentFrame::duplicate).containsExactly(false, true, true, true);
            assertThat(shown.get("resent")).as("times the resent message was shown").hasValue(1);
        }
    }

    @Test
    void resendAfterReconnectingReturnsTheOriginalSeq(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        SentFrame first;
        try (ChatConnection a = users.connect(alice)) {
            first = a.send(new SendFrame(null, null, "@" + bob.handle(), "before-drop", Bodies.of("x")))
                    .get(10, TimeUnit.SECONDS);
        }
        try (ChatConnection a = users.connect(alice)) {
            SentFrame again = a.send(new SendFrame(null, first.conversationId(), null, "before-drop",
                    Bodies.of("x"))).get(10, TimeUnit.SECONDS);
            assertThat(again.seq()).isEqualTo(first.seq());
            assertThat(again.duplicate()).isTrue();
            HistoryPageFrame history = a.history(first.conversationId(), null, 100).get(10, TimeUnit.SECONDS);
            assertThat(history.messages()).hasSize(1);
        }
    }

    @Test
    void theSameClientMsgIdFromAnotherDeviceIsADifferentMessage(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.Device laptop = users.addDevice(alice.handle(), "laptop");
        TestUsers.User bob = users.register("bob");
        try (ChatConnection phone = users.connect(alice); ChatConnection lap = users.connect(laptop)) {
            SentFrame one = phone.send(new SendFrame(null, null, bob.userId(), "c1", Bodies.of("a")))
                    .get(10, TimeUnit.SECONDS);
            SentFrame two = lap.send(new SendFrame(null, null, bob.userId(), "c1", Bodies.of("b")))
                    .get(10, TimeUnit.SECONDS);
            assertThat(two.seq()).isEqualTo(one.seq() + 1);
            assertThat(two.duplicate()).isFalse();
        }
    }
}
