package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.model.ErrorCode;
import chat.model.frames.ErrorFrame;
import chat.model.frames.PresenceListFrame;
import chat.model.frames.PresenceView;
import chat.model.frames.SentFrame;
import chat.model.frames.ServerFrame;
import chat.system.ChatSystem;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The field rules of docs/protocol.md, spoken as raw JSON frames the way a client in another language sends them:
 * no coercion of JSON types, canonical base64 bodies, lengths in code points, subscribing to one's own presence.
 */
@ExtendWith(SharedSystem.class)
class RawFrameRulesTest {
    /** One code point, two UTF-16 units. */
    private static final String EMOJI = "😀";
    private TestUsers users;
    private TestUsers.User alice;
    private TestUsers.User bob;
    private String dm;

    @BeforeEach
    void users(ChatSystem system) {
        users = new TestUsers(system);
        alice = users.register("alice");
        bob = users.register("bob");
        String a = alice.userId();
        String b = bob.userId();
        dm = "dm." + (a.compareTo(b) < 0 ? a + "." + b : b + "." + a);
    }

    @Test
    void aNumberAsBodyIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            ErrorFrame e = refusal(a, "{\"type\":\"send\",\"reqId\":\"w1\",\"peer\":\"" + bob.userId()
                    + "\",\"clientMsgId\":\"c1\",\"body\":12}");

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(e.message()).isEqualTo("wrong type for field \"body\": expected a base64 string");
            assertThat(a.conversations().get(10, TimeUnit.SECONDS).conversations()).isEmpty();
        }
    }

    @Test
    void scalarsOfTheWrongJsonTypeAreRefusedNamingTheField() throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            assertWrongType(a, "{\"type\":\"send\",\"reqId\":\"w2\",\"peer\":\"" + bob.userId()
                    + "\",\"clientMsgId\":12345,\"body\":\"aGk=\"}", "w2", "clientMsgId", "a string");
            assertWrongType(a, "{\"type\":\"send\",\"reqId\":\"w3\",\"peer\":\"" + bob.userId()
                    + "\",\"clientMsgId\":\"c3\",\"body\":true}", "w3", "body", "a base64 string");
            assertWrongType(a, "{\"type\":\"createGroup\",\"reqId\":\"w4\",\"clientMsgId\":\"g4\",\"name\":42,"
                    + "\"userIds\":[]}", "w4", "name", "a string");
            assertWrongType(a, "{\"type\":\"sync\",\"reqId\":\"w5\",\"limit\":\"2\"}", "w5", "limit", "an integer");
            assertWrongType(a, "{\"type\":\"ack\",\"reqId\":\"w6\",\"conversationId\":\"" + dm + "\",\"read\":\"1\"}",
                    "w6", "read", "an integer");
            assertWrongType(a, "{\"type\":\"typing\",\"reqId\":\"w7\",\"conversationId\":\"" + dm + "\",\"typing\":1}",
                    "w7", "typing", "true or false");
        }
    }

    @Test
    void aNumericReqIdIsRefusedWithAnErrorThatCarriesNoReqId() throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            a.sendRaw("{\"type\":\"conversations\",\"reqId\":17}").get(5, TimeUnit.SECONDS);
            ErrorFrame e = Frames.await(a, ErrorFrame.class, f -> f.message().contains("\"reqId\""));

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(e.message()).isEqualTo("wrong type for field \"reqId\": expected a string");
            assertThat(e.reqId()).isNull();
        }
    }

    @Test
    void anUnpaddedBase64BodyIsRefused() throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            ErrorFrame e = refusal(a, "{\"type\":\"send\",\"reqId\":\"b1\",\"peer\":\"" + bob.userId()
                    + "\",\"clientMsgId\":\"c1\",\"body\":\"aGk\"}");

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(e.message()).isEqualTo("body must be standard base64 with padding (RFC 4648)");
        }
    }

    @Test
    void aGroupNameCountsCodePoints() throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            a.sendRaw("{\"type\":\"createGroup\",\"reqId\":\"n1\",\"clientMsgId\":\"n1\",\"name\":\""
                    + EMOJI.repeat(64) + "\",\"userIds\":[\"" + bob.userId() + "\"]}").get(5, TimeUnit.SECONDS);
            ServerFrame answer = Frames.await(a, ServerFrame.class,
                    f -> f instanceof SentFrame s && "n1".equals(s.reqId())
                            || f instanceof ErrorFrame e && "n1".equals(e.reqId()));
            assertThat(answer).isInstanceOf(SentFrame.class);

            ErrorFrame tooLong = refusal(a, "{\"type\":\"createGroup\",\"reqId\":\"n2\",\"clientMsgId\":\"n2\","
                    + "\"name\":\"" + EMOJI.repeat(65) + "\",\"userIds\":[]}");
            assertThat(tooLong.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(tooLong.message()).isEqualTo("name must be 1 to 64 characters");
        }
    }

    @Test
    void sendNamingBothPeerAndConversationIsInvalidAndNeitherIsMissing() throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            assertThat(refusal(a, "{\"type\":\"send\",\"reqId\":\"p1\",\"peer\":\"" + bob.userId()
                    + "\",\"conversationId\":\"" + dm + "\",\"clientMsgId\":\"c\",\"body\":\"aGk=\"}").code())
                    .isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(refusal(a, "{\"type\":\"send\",\"reqId\":\"p2\",\"clientMsgId\":\"c\",\"body\":\"aGk=\"}")
                    .code()).isEqualTo(ErrorCode.MISSING_FIELD);
        }
    }

    @Test
    void subscribingToYourOwnPresenceAnswersYourOwnState() throws Exception {
        try (ChatConnection a = users.connect(alice)) {
            a.sendRaw("{\"type\":\"subscribePresence\",\"reqId\":\"me\",\"userIds\":[\"" + alice.userId() + "\"]}")
                    .get(5, TimeUnit.SECONDS);
            ServerFrame answer = Frames.await(a, ServerFrame.class,
                    f -> f instanceof PresenceListFrame p && "me".equals(p.reqId())
                            || f instanceof ErrorFrame e && "me".equals(e.reqId()));

            assertThat(answer).isInstanceOf(PresenceListFrame.class);
            assertThat(((PresenceListFrame) answer).presences())
                    .containsExactly(new PresenceView(alice.userId(), true, null));
        }
    }

    private static void assertWrongType(ChatConnection c, String frame, String reqId, String field, String expected)
            throws Exception {
        ErrorFrame e = refusal(c, frame);
        assertThat(e.reqId()).isEqualTo(reqId);
        assertThat(e.code()).as(frame).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.message()).as(frame).isEqualTo("wrong type for field \"" + field + "\": expected " + expected);
    }

    /** Sends a raw frame that carries a reqId and waits for the error answering it. */
    private static ErrorFrame refusal(ChatConnection c, String frame) throws Exception {
        String reqId = frame.replaceAll(".*\"reqId\":\"([^\"]*)\".*", "$1");
        c.sendRaw(frame).get(5, TimeUnit.SECONDS);
        return Frames.await(c, ErrorFrame.class, e -> reqId.equals(e.reqId()));
    }
}
