package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.client.SyncResult;
import chat.model.frames.ChatMessage;
import chat.model.frames.GroupAction;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.model.frames.FrameCodec;
import chat.model.internal.InternalApi;
import chat.system.ChatSystem;
import chat.system.SystemOptions;
import com.fasterxml.jackson.core.type.TypeReference;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With the fan-out worker stopped (as when its events sit in retry or in the DLQ), everything answered SENT is still
 * found by {@code sync} on every other device, and {@code caughtUp} never comes before it.
 */
class SyncWithoutFanoutTest {
    private static final String INTERNAL_KEY = "local-dev-internal-key-change-me";
    private static ChatSystem system;
    private TestUsers users;

    @BeforeAll
    static void startWithoutFanout() {
        system = ChatSystem.start(SystemOptions.forTests(Path.of("target", "e2e-logs", "no-fanout"))
                .withProperties(Map.of("chat.fanout.enabled", "false"), Map.of()).withMetering());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void theFirstMessagesOfANewDirectChatReachTheRecipientsAndTheSendersOtherDevicesBySync() throws Exception {
        users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        TestUsers.Device aliceTablet = users.addDevice(alice.handle(), "tablet");
        TestUsers.Device bobTablet = users.addDevice(bob.handle(), "tablet");
        String conversation;
        try (ChatConnection a = users.connect(alice)) {
            SentFrame first = a.send(new SendFrame(null, null, bob.userId(), "m1", Bodies.of("one")))
                    .get(20, TimeUnit.SECONDS);
            conversation = first.conversationId();
            SentFrame second = a.send(new SendFrame(null, conversation, null, "m2", Bodies.of("two")))
                    .get(20, TimeUnit.SECONDS);
            assertThat(List.of(first.seq(), second.seq())).containsExactly(1L, 2L);
        }
        for (TestUsers.Device other : List.of(bob.device(), bobTablet, aliceTablet)) {
            try (ChatConnection c = users.connect(other)) {
                SyncResult sync = c.sync(Map.of(), null).get(20, TimeUnit.SECONDS);
                assertThat(sync.messages()).as("synced by %s", other.deviceId())
                        .extracting(ChatMessage::conversationId, ChatMessage::seq)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(conversation, 1L),
                                org.assertj.core.groups.Tuple.tuple(conversation, 2L));
                assertThat(sync.caughtUp()).isTrue();
            }
        }
    }

    @Test
    void aNewGroupAndItsFirstMessageReachEveryMemberBySync() throws Exception {
        users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TestUsers.User bob = users.register("bob");
        try (ChatConnection a = users.connect(alice)) {
            String group = Groups.create(a, "Walkers", List.of(bob.userId())).conversationId();
            a.send(new SendFrame(null, group, null, "g1", Bodies.of("hello walkers"))).get(20, TimeUnit.SECONDS);
            try (ChatConnection b = users.connect(bob)) {
                SyncResult sync = b.sync(Map.of(), null).get(20, TimeUnit.SECONDS);
                assertThat(sync.messages()).extracting(ChatMessage::seq).containsExactly(1L, 2L);
                assertThat(sync.messages().get(0).event().action()).isEqualTo(GroupAction.CREATED);
                assertThat(sync.caughtUp()).isTrue();
            }
        }
    }

    @Test
    void aSyncWithNothingNewCostsThreeRequestsWhateverTheNumberOfConversations() throws Exception {
        users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        Map<String, Long> cursors = new HashMap<>();
        try (ChatConnection a = users.connect(alice)) {
            for (int i = 0; i < 12; i++) {
                TestUsers.User peer = users.register("peer");
                SentFrame sent = a.send(new SendFrame(null, null, peer.userId(), "p" + i, Bodies.of("hi")))
                        .get(20, TimeUnit.SECONDS);
                cursors.put(sent.conversationId(), sent.seq());
            }
            a.sync(cursors, null).get(20, TimeUnit.SECONDS);
            Map<String, Long> before = dynamoCalls();
            SyncResult nothingNew = a.sync(cursors, null).get(20, TimeUnit.SECONDS);
            Map<String, Long> quiet = delta(before, dynamoCalls());
            assertThat(nothingNew.messages()).isEmpty();
            assertThat(nothingNew.caughtUp()).isTrue();

            String one = cursors.keySet().iterator().next();
            Map<String, Long> behindOne = new HashMap<>(cursors);
            behindOne.put(one, 0L);
            before = dynamoCalls();
            SyncResult oneNew = a.sync(behindOne, null).get(20, TimeUnit.SECONDS);
            Map<String, Long> busy = delta(before, dynamoCalls());
            assertThat(oneNew.messages()).hasSize(1);
            System.out.printf("  DynamoDB requests of one sync over 12 conversations: nothing new %s; one new %s%n",
                    quiet, busy);
            assertThat(quiet.values().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(3);
            assertThat(quiet).doesNotContainKey("DynamoDb.GetItem");
        }
    }

    /** The sync path's DynamoDB read calls of the functions instance so far. */
    private static Map<String, Long> dynamoCalls() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                system.api().resolve(InternalApi.STATS_PATH)).header(InternalApi.KEY_HEADER, INTERNAL_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Number> all = FrameCodec.mapper().readValue(r.body(), new TypeReference<TreeMap<String, Number>>() { });
        Map<String, Long> out = new TreeMap<>();
        for (String op : List.of("DynamoDb.Query", "DynamoDb.BatchGetItem", "DynamoDb.GetItem")) {
            out.put(op, all.getOrDefault(op, 0).longValue());
        }
        return out;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }
}
