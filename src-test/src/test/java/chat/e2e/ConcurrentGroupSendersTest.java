package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.client.ConversationInbox;
import chat.model.frames.ChatMessage;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.system.ChatSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSystem.class)
class ConcurrentGroupSendersTest {

    @Test
    void threeMembersSendingAtOnceProduceOneGaplessOrderThatEveryDeviceAgreesOn(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        List<TestUsers.User> people = users.registerMany("c", 4);
        List<ChatConnection> conns = new ArrayList<>();
        Map<ChatConnection, List<ChatMessage>> shown = new ConcurrentHashMap<>();
        Map<ChatConnection, ConversationInbox> inboxes = new ConcurrentHashMap<>();
        for (TestUsers.User u : people) {
            ChatConnection c = users.connect(u);
            ConversationInbox inbox = new ConversationInbox();
            inboxes.put(c, inbox);
            List<ChatMessage> list = Collections.synchronizedList(new ArrayList<>());
            c.addListener(f -> {
                if (f instanceof MessageFrame m) {
                    synchronized (inbox) {
                        list.addAll(inbox.offer(m.message()));
                    }
                }
            });
            shown.put(c, list);
            conns.add(c);
        }
        try {
            SentFrame created = Groups.create(conns.get(3), "Busy",
                    people.subList(0, 3).stream().map(TestUsers.User::userId).toList());
            String group = created.conversationId();
            // A client shows its own entries from their SENT answer: they are not pushed back to it.
            ownEntry(conns.get(3), people.get(3), created, null, shown, inboxes);
            int perSender = 30;
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                ChatConnection c = conns.get(s);
                TestUsers.User me = people.get(s);
                int sender = s;
                senders.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perSender; i++) {
                        String body = Bodies.of(sender + ":" + i);
                        SentFrame sent = c.send(new SendFrame(null, group, null, "s" + sender + "-" + i, body)).join();
                        ownEntry(c, me, sent, body, shown, inboxes);
                    }
                }));
            }
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            int total = 3 * perSender + 1;
            List<ChatMessage> reference = conns.get(3).history(group, null, 500).get(10, TimeUnit.SECONDS).messages();
            assertThat(reference).extracting(ChatMessage::seq).containsExactlyElementsOf(SyncTest.seqs(1, total));
            for (int s = 0; s < 3; s++) {
                String prefix = "s" + s + "-";
                // Each sender's own messages keep the order it sent them in.
                List<String> own = reference.stream().map(ChatMessage::clientMsgId)
                        .filter(id -> id.startsWith(prefix)).toList();
                assertThat(own).containsExactlyElementsOf(
                        IntStream.range(0, perSender).mapToObj(i -> prefix + i).toList());
            }
            for (ChatConnection c : conns) {
                List<ChatMessage> seen = shown.get(c);
                await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= total);
                // Same seq -> same entry on every device: one order that everyone agrees on, each shown once.
                assertThat(seen).extracting(ChatMessage::seq).containsExactlyElementsOf(SyncTest.seqs(1, total));
                for (ChatMessage m : seen) {
                    assertThat(m.clientMsgId()).isEqualTo(reference.get((int) m.seq() - 1).clientMsgId());
                }
            }
        } finally {
            conns.forEach(ChatConnection::close);
        }
    }

    private static void ownEntry(ChatConnection c, TestUsers.User me, SentFrame sent, String body,
            Map<ChatConnection, List<ChatMessage>> shown, Map<ChatConnection, ConversationInbox> inboxes) {
        ChatMessage mine = body == null
                ? new ChatMessage(sent.conversationId(), sent.seq(), me.userId(), me.device().deviceId(),
                        sent.clientMsgId(), null, sent.serverTime(),
                        new chat.model.frames.GroupEvent(chat.model.frames.GroupAction.CREATED, me.userId(), List.of(), null))
                : new ChatMessage(sent.conversationId(), sent.seq(), me.userId(), me.device().deviceId(),
                        sent.clientMsgId(), body, sent.serverTime());
        ConversationInbox inbox = inboxes.get(c);
        synchronized (inbox) {
            shown.get(c).addAll(inbox.offer(mine));
        }
    }
}
