package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.client.ConversationInbox;
import chat.model.frames.ChatMessage;
import chat.model.frames.MessageFrame;
import chat.model.frames.ReceiptFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.system.ChatSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSystem.class)
class OneToOneMessagingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void thousandMessagesReachThePeerOnceInOrderAndTheSenderSeesDeliveredThenRead(ChatSystem system)
            throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        try (ChatConnection a = users.connect(alice); ChatConnection b = users.connect(bob)) {
            ConversationInbox inbox = new ConversationInbox();
            List<ChatMessage> shown = Collections.synchronizedList(new ArrayList<>());
            b.addListener(f -> {
                if (f instanceof MessageFrame m) {
                    shown.addAll(inbox.offer(m.message()));
                }
            });

            SentFrame first = a.send(new SendFrame(null, null, "@" + bob.handle(),
                    "m1", Bodies.of("message 1"))).get(10, TimeUnit.SECONDS);
            String conversation = first.conversationId();
            assertThat(first.seq()).isEqualTo(1);
            for (int i = 2; i <= 1000; i++) {
                SentFrame sent = a.send(new SendFrame(null, conversation, null, "m" + i, Bodies.of("message " + i)))
                        .get(10, TimeUnit.SECONDS);
                assertThat(sent.seq()).as("SENT seq of message %d", i).isEqualTo(i);
                assertThat(sent.duplicate()).isFalse();
            }

            await().atMost(WAIT).until(() -> shown.size() >= 1000);
            assertThat(shown).hasSize(1000);
            for (int i = 0; i < 1000; i++) {
                assertThat(shown.get(i).seq()).isEqualTo(i + 1);
                assertThat(Bodies.text(shown.get(i).body())).isEqualTo("message " + (i + 1));
                assertThat(shown.get(i).senderUserId()).isEqualTo(alice.userId());
            }

            b.ack(conversation, 1000L, null).get(10, TimeUnit.SECONDS);
            ReceiptFrame delivered = Frames.await(a, ReceiptFrame.class, r -> r.delivered() == 1000);
            assertThat(delivered.userId()).isEqualTo(bob.userId());
            assertThat(delivered.read()).isZero();

            b.ack(conversation, null, 1000L).get(10, TimeUnit.SECONDS);
            ReceiptFrame read = Frames.await(a, ReceiptFrame.class, r -> r.read() == 1000);
            assertThat(read.delivered()).isEqualTo(1000);
        }
    }

    @Test
    void messageFromOneDeviceAppearsOnTheSendersOtherDeviceButNotBackOnItself(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.Device laptop = users.addDevice(alice.handle(), "laptop");
        TestUsers.User bob = users.register("bob");
        try (ChatConnection phone = users.connect(alice); ChatConnection lap = users.connect(laptop);
                ChatConnection b = users.connect(bob)) {
            SentFrame sent = phone.send(new SendFrame(null, null, bob.userId(), "x1", Bodies.of("hi from phone")))
                    .get(10, TimeUnit.SECONDS);

            MessageFrame onLaptop = Frames.await(lap, MessageFrame.class);
            MessageFrame onBob = Frames.await(b, MessageFrame.class);
            assertThat(onLaptop.message().seq()).isEqualTo(sent.seq());
            assertThat(onLaptop.message().senderDeviceId()).isEqualTo(alice.device().deviceId());
            assertThat(Bodies.text(onLaptop.message().body())).isEqualTo("hi from phone");
            assertThat(onBob.message()).isEqualTo(onLaptop.message());

            // A later message proves the phone's stream has moved on without an echo of its own message.
            lap.send(new SendFrame(null, sent.conversationId(), null, "y1", Bodies.of("from laptop")))
                    .get(10, TimeUnit.SECONDS);
            MessageFrame onPhone = Frames.await(phone, MessageFrame.class);
            assertThat(onPhone.message().clientMsgId()).isEqualTo("y1");
        }
    }
}
