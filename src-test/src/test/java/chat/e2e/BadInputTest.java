package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.model.ErrorCode;
import chat.model.frames.ChatMessage;
import chat.model.frames.ErrorFrame;
import chat.model.frames.HistoryPageFrame;
import chat.model.frames.SendFrame;
import chat.model.frames.SentFrame;
import chat.system.ChatSystem;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each kind of bad frame gets an error frame with its stable code; the connection stays usable and nothing stored
 * changes.
 */
@ExtendWith(SharedSystem.class)
class BadInputTest {
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
    void malformedJsonIsRefused() throws Exception {
        assertRefused("{\"type\":\"send\",", ErrorCode.MALFORMED_FRAME, null);
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsRefused() throws Exception {
        assertRefused("[1,2,3]", ErrorCode.MALFORMED_FRAME, null);
    }

    @Test
    void unknownFrameTypeIsRefusedWithItsReqId() throws Exception {
        assertRefused("{\"type\":\"teleport\",\"reqId\":\"r-7\"}", ErrorCode.UNKNOWN_TYPE, "r-7");
    }

    @Test
    void missingFieldIsRefused() throws Exception {
        assertRefused("{\"type\":\"send\",\"reqId\":\"r-8\",\"peer\":\"" + bob.userId() + "\",\"body\":\"aGk=\"}",
                ErrorCode.MISSING_FIELD, "r-8");
    }

    @Test
    void wrongFieldTypeIsRefused() throws Exception {
        assertRefused("{\"type\":\"ack\",\"reqId\":\"r-9\",\"conversationId\":\"dm." + alice.userId() + "."
                + bob.userId() + "\",\"read\":{\"x\":1}}", ErrorCode.INVALID_FIELD, "r-9");
    }

    @Test
    void bodyOver64KiBIsRefused() throws Exception {
        String body = Base64.getEncoder().encodeToString(new byte[64 * 1024 + 1]);
        assertRefused("{\"type\":\"send\",\"reqId\":\"big\",\"peer\":\"" + bob.userId()
                + "\",\"clientMsgId\":\"big\",\"body\":\"" + body + "\"}", ErrorCode.BODY_TOO_LARGE, "big");
    }

    @Test
    void bodyOfExactly64KiBIsAccepted() throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            SentFrame sent = a.send(new SendFrame(null, null, bob.userId(), "max",
                    Base64.getEncoder().encodeToString(new byte[64 * 1024]))).get(10, TimeUnit.SECONDS);
            assertThat(sent.seq()).isEqualTo(1);
        }
    }

    @Test
    void frameOverTheFrameLimitIsRefusedWithoutClosingTheConnection() throws Exception {
        String padding = "x".repeat(120 * 1024);
        assertRefused("{\"type\":\"conversations\",\"reqId\":\"pad\",\"pad\":\"" + padding + "\"}",
                ErrorCode.FRAME_TOO_LARGE, null);
    }

    @Test
    void sendToAConversationTheUserIsNotInIsRefusedAsNotFound() throws Exception {
        TestUsers.User carol = users.register("carol");
        try (ChatConnection c = users.connect(carol)) {
            c.send(new SendFrame(null, null, bob.userId(), "c1", Bodies.of("carol to bob"))).get(10, TimeUnit.SECONDS);
        }
        String theirs = "dm." + min(carol.userId(), bob.userId()) + "." + max(carol.userId(), bob.userId());
        assertRefused("{\"type\":\"send\",\"reqId\":\"intrude\",\"conversationId\":\"" + theirs
                + "\",\"clientMsgId\":\"i1\",\"body\":\"aGk=\"}", ErrorCode.CONVERSATION_NOT_FOUND, "intrude");
        // Same answer for a conversation that does not exist at all: existence is not revealed.
        assertRefused("{\"type\":\"send\",\"reqId\":\"ghost\",\"conversationId\":\"gaaaaaaaaaaaaaaaa\""
                + ",\"clientMsgId\":\"i2\",\"body\":\"aGk=\"}", ErrorCode.CONVERSATION_NOT_FOUND, "ghost");
    }

    @Test
    void ackBeyondTheHeadIsRefusedAndMovesNoCursor() throws Exception {
        try (ChatConnection a = users.connect(alice); ChatConnection b = users.connect(bob)) {
            SentFrame sent = a.send(new SendFrame(null, null, bob.userId(), "h1", Bodies.of("one")))
                    .get(10, TimeUnit.SECONDS);
            b.sendRaw("{\"type\":\"ack\",\"reqId\":\"far\",\"conversationId\":\"" + sent.conversationId()
                    + "\",\"read\":99}").get(5, TimeUnit.SECONDS);
            ErrorFrame error = Frames.await(b, ErrorFrame.class, e -> "far".equals(e.reqId()));
            assertThat(error.code()).isEqualTo(ErrorCode.ACK_BEYOND_HEAD);
            assertThat(b.ack(sent.conversationId(), null, 0L).get(10, TimeUnit.SECONDS).read()).isZero();
        }
    }

    /** Sends the bad frame from alice, checks the error, then proves the connection and the data are intact. */
    private void assertRefused(String frame, ErrorCode code, String reqId) throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            SentFrame before = a.send(new SendFrame(null, null, bob.userId(), "ok-1", Bodies.of("before")))
                    .get(10, TimeUnit.SECONDS);

            a.sendRaw(frame).get(5, TimeUnit.SECONDS);
            ErrorFrame error = Frames.await(a, ErrorFrame.class, e -> true);
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.reqId()).isEqualTo(reqId);
            assertThat(error.message()).isNotBlank();
            assertThat(error.retryable()).isFalse();

            assertThat(a.isOpen()).isTrue();
            SentFrame after = a.send(new SendFrame(null, before.conversationId(), null, "ok-2", Bodies.of("after")))
                    .get(10, TimeUnit.SECONDS);
            HistoryPageFrame history = a.history(before.conversationId(), null, 100).get(10, TimeUnit.SECONDS);
            List<String> texts = history.messages().stream().map(ChatMessage::body).map(Bodies::text).toList();
            assertThat(texts).endsWith("before", "after");
            assertThat(after.seq()).isEqualTo(before.seq() + 1);
        }
    }

    private static String min(String a, String b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a.compareTo(b) < 0 ? b : a;
    }
}
