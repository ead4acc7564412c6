package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import chat.client.ChatConnection;
import chat.client.ConversationInbox;
import chat.client.SyncResult;
import chat.model.ErrorCode;
import chat.model.Limits;
import chat.model.frames.ChatMessage;
import chat.model.frames.MessageFrame;
import chat.model.frames.SendFrame;
import chat.system.ChatSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A full group: 256 members, 200 of them online with one device each, 56 offline. */
@ExtendWith(SharedSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeGroupTest {
    private static final int MEMBERS = 256;
    private static final int ONLINE = 200;
    private static final int MESSAGES = 20;
    private TestUsers users;
    private List<TestUsers.User> members;
    private final List<ChatConnection> online = new ArrayList<>();
    private final Map<ChatConnection, List<ChatMessage>> shown = new ConcurrentHashMap<>();
    private String group;

    @BeforeAll
    void fullGroupWithTwoHundredOnline(ChatSystem system) throws Exception {
        users = new TestUsers(system);
        members = users.registerMany("m", MEMBERS);
        for (int i = 0; i < ONLINE; i++) {
            ChatConnection c = users.connect(members.get(i));
            ConversationInbox inbox = new ConversationInbox();
            List<ChatMessage> list = Collections.synchronizedList(new ArrayList<>());
            c.addListener(f -> {
                if (f instanceof MessageFrame m) {
                    list.addAll(inbox.offer(m.message()));
                }
            });
            shown.put(c, list);
            online.add(c);
        }
        group = Groups.create(online.get(0), "Everyone",
                members.subList(1, MEMBERS).stream().map(TestUsers.User::userId).toList()).conversationId();
    }

    private List<ChatMessage> shownIn(String conversationId, ChatConnection c) {
        synchronized (shown.get(c)) {
            return shown.get(c).stream().filter(m -> m.conversationId().equals(conversationId)).toList();
        }
    }

    @AfterAll
    void disconnect() {
        online.forEach(ChatConnection::close);
    }

    @Test
    void everyOnlineDeviceGetsEveryMessageInOrderOnceAndTheOfflineOnesGetAllOnSync() throws Exception {
        ChatConnection sender = online.get(0);
        for (int i = 1; i <= MESSAGES; i++) {
            sender.send(new SendFrame(null, group, null, "g" + i, Bodies.of("to all " + i))).get(30, TimeUnit.SECONDS);
        }
        long last = MESSAGES + 1;
        List<Long> expected = SyncTest.seqs(1, last);
        // The sender's own device gets the created event but not its own messages back.
        await().atMost(Duration.ofSeconds(60)).until(() -> online.subList(1, ONLINE).stream()
                .allMatch(c -> shownIn(group, c).size() >= last));
        for (ChatConnection c : online.subList(1, ONLINE)) {
            assertThat(shownIn(group, c)).extracting(ChatMessage::seq).containsExactlyElementsOf(expected);
        }

        for (TestUsers.User offline : members.subList(ONLINE, MEMBERS)) {
            try (ChatConnection c = users.connect(offline)) {
                SyncResult sync = c.sync(Map.of(), null).get(20, TimeUnit.SECONDS);
                assertThat(sync.caughtUp()).isTrue();
                assertThat(sync.messages()).extracting(ChatMessage::seq).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void aMessageOfTheLargestBodyReachesAllTwoHundredOnlineMembersLiveOnOneBroker() throws Exception {
        ChatConnection sender = online.get(0);
        String files = Groups.create(sender, "Files", members.subList(1, ONLINE).stream()
                .map(TestUsers.User::userId).toList()).conversationId();
        byte[] largest = new byte[Limits.MAX_BODY_BYTES];
        new Random(7).nextBytes(largest);
        String body = Base64.getEncoder().encodeToString(largest);

        long seq = sender.send(new SendFrame(null, files, null, "big", body)).get(30, TimeUnit.SECONDS).seq();

        // Live, not by sync: one copy per connection would be ~17 MB for this node, over its request size limit.
        await().atMost(Duration.ofSeconds(30)).until(() -> online.subList(1, ONLINE).stream()
                .allMatch(c -> shownIn(files, c).stream().anyMatch(m -> m.seq() == seq)));
        for (ChatConnection c : online.subList(1, ONLINE)) {
            assertThat(shownIn(files, c)).filteredOn(m -> m.seq() == seq).singleElement()
                    .extracting(ChatMessage::body).isEqualTo(body);
        }
    }

    @Test
    void the257thMemberIsRefused() throws Exception {
        TestUsers.User extra = users.register("extra");
        Throwable refused = catchThrowable(() -> Groups.change(online.get(0), group, "add",
                List.of(extra.userId()), null));
        assertThat(GroupMembershipTest.code(refused)).isEqualTo(ErrorCode.GROUP_FULL);
    }
}
