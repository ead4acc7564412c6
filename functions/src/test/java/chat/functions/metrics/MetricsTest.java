package chat.functions.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.lambda.LocalStackResource;
import chat.functions.messaging.Caller;
import chat.functions.messaging.FrameDispatcher;
import chat.functions.messaging.MemberConversations;
import chat.functions.store.ConversationsTable;
import chat.functions.store.MembersTable;
import chat.model.Ids;
import chat.model.frames.FrameCodec;
import chat.model.frames.SendFrame;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /q/metrics in the Prometheus format: the product's meters count what happened, and no tag names anyone. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class MetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    FrameDispatcher dispatcher;
    @Inject
    ConversationsTable conversations;
    @Inject
    MembersTable members;
    @Inject
    MemberConversations mine;

    @TestHTTPResource("/q/metrics")
    URI metrics;
    @TestHTTPResource("/")
    URI root;

    private Caller alice;
    private Caller bob;
    private String conversation;

    @BeforeEach
    void aDirectChat() {
        alice = new Caller(Ids.newUserId(), Ids.newDeviceId(), "c-" + Ids.random(12));
        bob = new Caller(Ids.newUserId(), Ids.newDeviceId(), "c-" + Ids.random(12));
        conversation = Ids.directConversationId(alice.userId(), bob.userId());
        long now = System.currentTimeMillis();
        conversations.createIfAbsent(conversation, "direct", now);
        mine.record(conversation, List.of(alice.userId(), bob.userId()), now);
        members.addIfAbsent(conversation, alice.userId(), "member", 0, now);
        members.addIfAbsent(conversation, bob.userId(), "member", 0, now);
    }

    @Test
    void handledFramesAreTimedByTypeAndOutcome() throws Exception {
        double sendsBefore = value(scrape(), "chat_frames_seconds_count", "outcome=\"ok\",type=\"send\"");
        dispatcher.handle(alice, send(conversation, "m-1"));
        dispatcher.handle(alice, send(conversation, "m-2"));
        String after = scrape();
        assertThat(value(after, "chat_frames_seconds_count", "outcome=\"ok\",type=\"send\""))
                .isEqualTo(sendsBefore + 2);
        assertThat(value(after, "chat_frames_seconds_bucket", "outcome=\"ok\",type=\"send\",le=\"0.1\""))
                .isPositive();
    }

    @Test
    void refusedAndUnreadableFramesCountUnderTheirErrorCode() throws Exception {
        String stranger = Ids.directConversationId(bob.userId(), Ids.newUserId());
        dispatcher.handle(alice, send(stranger, "m-x"));
        dispatcher.handle(alice, "{\"type\":\"send\",\"reqId\":7}");
        String after = scrape();
        assertThat(after).containsPattern("chat_frames_seconds_count\\{outcome=\"[A-Z_]+\",type=\"send\"}");
        assertThat(after).containsPattern("chat_frames_seconds_count\\{outcome=\"[A-Z_]+\",type=\"unreadable\"}");
    }

    @Test
    void noTagNamesAUserADeviceAConnectionOrAConversation() throws Exception {
        dispatcher.handle(alice, send(conversation, "m-3"));
        get(root.resolve("/v1/attachments/a" + Ids.random(20) + "?conversationId=" + conversation));
        String text = scrape();
        assertThat(text).doesNotContain(alice.userId(), alice.deviceId(), alice.connectionId(), conversation);
        assertThat(text).doesNotContain("?conversationId");
        assertThat(text).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/v1/attachments/\\{attachmentId}\"");
    }

    private static String send(String conversationId, String clientMsgId) {
        return FrameCodec.encode(new SendFrame("r-" + clientMsgId, conversationId, null, clientMsgId,
                Base64.getEncoder().encodeToString("hi".getBytes())));
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = get(metrics);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A sample's value; 0 when the series does not exist yet. */
    private static double value(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels) + "[^}]*} (\\S+)").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
