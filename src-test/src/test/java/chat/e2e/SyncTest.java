package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.client.FrameRecorder;
import chat.client.ConversationInbox;
import chat.client.SyncResult;
import chat.model.Limits;
import chat.model.frames.ChatMessage;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.system.ChatSystem;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSystem.class)
class SyncTest {

    @Test
    void deviceThatWasOfflineGetsEveryMissedMessageInOrderThenCaughtUpAndNothingTwice(ChatSystem system)
            throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        String conversation;
        try (ChatConnection a = users.connect(alice)) {
            conversation = sendMany(a, bob.userId(), 200);
        }

        try (ChatConnection b = users.connect(bob)) {
            ConversationInbox inbox = new ConversationInbox();
            List<ChatMessage> shown = new ArrayList<>();
            SyncResult sync = b.sync(Map.of(), 50).get(20, TimeUnit.SECONDS);
            assertThat(sync.caughtUp()).isTrue();
            assertThat(sync.pages()).hasSize(4);
            assertThat(sync.messages()).extracting(ChatMessage::seq)
                    .containsExactlyElementsOf(seqs(1, 200));
            shown.addAll(inbox.offerAll(sync.messages()));
            // Anything that also arrived live must not show twice.
            FrameRecorder.of(b).frames().stream().filter(MessageFrame.class::isInstance)
                    .forEach(f -> shown.addAll(inbox.offer(((MessageFrame) f).message())));
            assertThat(shown).extracting(ChatMessage::seq).containsExactlyElementsOf(seqs(1, 200));
            assertThat(shown).allMatch(m -> m.conversationId().equals(conversation));
        }
    }

    @Test
    void syncFromACursorReturnsExactlyTheMessagesAfterIt(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        try (ChatConnection a = users.connect(alice); ChatConnection b = users.connect(bob)) {
            String conversation = sendMany(a, bob.userId(), 30);
            SyncResult sync = b.sync(Map.of(conversation, 25L), null).get(20, TimeUnit.SECONDS);
            assertThat(sync.messages()).extracting(ChatMessage::seq).containsExactly(26L, 27L, 28L, 29L, 30L);
            assertThat(sync.caughtUp()).isTrue();

            SyncResult none = b.sync(Map.of(conversation, 30L), null).get(20, TimeUnit.SECONDS);
            assertThat(none.messages()).isEmpty();
            assertThat(none.caughtUp()).isTrue();
        }
    }

    @Test
    void aNewDeviceCanPageBackThroughTheWholeHistory(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        String conversation;
        try (ChatConnection a = users.connect(alice)) {
            conversation = sendMany(a, bob.userId(), 45);
        }
        TestUsers.Device tablet = users.addDevice(bob.handle(), "tablet");
        try (ChatConnection t = users.connect(tablet)) {
            List<Long> seen = new ArrayList<>();
            Long before = null;
            boolean more = true;
            while (more) {
                HistoryPageFrame page = t.history(conversation, before, 20).get(10, TimeUnit.SECONDS);
                List<Long> pageSeqs = page.messages().stream().map(ChatMessage::seq).toList();
                seen.addAll(0, pageSeqs);
                more = page.hasMore();
                before = pageSeqs.isEmpty() ? null : pageSeqs.get(0);
                assertThat(pageSeqs).isSorted();
            }
            assertThat(seen).containsExactlyElementsOf(seqs(1, 45));
        }
    }

    @Test
    void missedMessagesOfTheLargestBodyAllComeBackWholeOverAsManySyncsAsTheLimitsTake(ChatSystem system)
            throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        int count = 80;
        byte[] largest = new byte[Limits.MAX_BODY_BYTES];
        String conversation = null;
        List<String> bodies = new ArrayList<>();
        try (ChatConnection a = users.connect(alice)) {
            for (int i = 1; i <= count; i++) {
                largest[0] = (byte) i;
                String body = Base64.getEncoder().encodeToString(largest);
                bodies.add(body);
                conversation = a.send(new SendFrame(null, conversation, conversation == null ? bob.userId() : null,
                        "big" + i, body)).get(20, TimeUnit.SECONDS).conversationId();
            }
        }

        try (ChatConnection b = users.connect(bob)) {
            List<ChatMessage> got = new ArrayList<>();
            int syncs = 0;
            SyncResult sync;
            do {
                long cursor = got.isEmpty() ? 0 : got.get(got.size() - 1).seq();
                sync = b.sync(Map.of(conversation, cursor), null).get(30, TimeUnit.SECONDS);
                got.addAll(sync.messages());
                syncs++;
            } while (!sync.caughtUp() && syncs < 10);
            assertThat(sync.caughtUp()).isTrue();
            // 5 MiB of bodies is more than one sync answers (4 MiB)
            assertThat(syncs).isGreaterThan(1);
            assertThat(got).extracting(ChatMessage::seq).containsExactlyElementsOf(seqs(1, count));
            assertThat(got).extracting(ChatMessage::body).containsExactlyElementsOf(bodies);

            HistoryPageFrame newest = b.history(conversation, null, Limits.MAX_PAGE_SIZE).get(30, TimeUnit.SECONDS);
            assertThat(newest.messages()).extracting(ChatMessage::seq).endsWith((long) count);
            assertThat(newest.messages().size() * (long) Limits.MAX_BODY_BYTES)
                    .isLessThanOrEqualTo(Limits.MAX_SYNC_BODY_BYTES);
            assertThat(newest.hasMore()).isTrue();
        }
    }

    static String sendMany(ChatConnection from, String peer, int count) throws Exception {
        String conversation = null;
        for (int i = 1; i <= count; i++) {
            SentFrame sent = from.send(new SendFrame(null, conversation, conversation == null ? peer : null,
                    "s" + i, Bodies.of("sync " + i))).get(10, TimeUnit.SECONDS);
            conversation = sent.conversationId();
        }
        return conversation;
    }

    static List<Long> seqs(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }
}
