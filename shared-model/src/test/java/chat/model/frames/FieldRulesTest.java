package chat.model.frames;

import static chat.model.frames.WrongTypeTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.api.AddDeviceRequest;
import chat.model.api.RegisterAccountRequest;
import chat.model.frames.FrameCodec.FrameException;
import org.junit.jupiter.api.Test;

/** The field rules docs/protocol.md states: canonical base64 bodies, lengths in code points, peer/conversationId. */
class FieldRulesTest {
    private static final String DM = "dm.u0123456789abcdef.u0123456789abcdeg";
    /** One code point, two UTF-16 units. */
    private static final String EMOJI = "😀";

    @Test
    void aPaddedStandardBase64BodyIsAccepted() {
        assertThat(((SendFrame) FrameCodec.decodeClient(send("aGk="))).body()).isEqualTo("aGk=");
    }

    @Test
    void anUnpaddedBase64BodyIsRefused() {
        FrameException e = refusal(send("aGk"));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).isEqualTo("body must be standard base64 with padding (RFC 4648)");
    }

    @Test
    void aBase64BodyWhoseUnusedBitsAreSetIsRefused() {
        // "aGl=" decodes to the same bytes as "aGk=": accepting it would store a body that is not what was sent.
        assertThat(refusal(send("aGl=")).code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void aBase64UrlBodyIsRefused() {
        assertThat(refusal(send("-_8=")).code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void aGroupNameOf64EmojiIsAccepted() {
        String name = EMOJI.repeat(64);

        assertThat(((CreateGroupFrame) FrameCodec.decodeClient(createGroup(name))).name()).isEqualTo(name);
    }

    @Test
    void aGroupNameOf65CodePointsIsRefused() {
        FrameException e = refusal(createGroup(EMOJI.repeat(64) + "x"));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).isEqualTo("name must be 1 to 64 characters");
    }

    @Test
    void aGroupNameWithAnUnpairedSurrogateIsRefused() {
        FrameException e = refusal(createGroup("ab\\ud83dcd"));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).isEqualTo("name must be well-formed Unicode (no unpaired surrogate)");
    }

    @Test
    void aReqIdOf64EmojiIsAcceptedAndEchoed() {
        String reqId = EMOJI.repeat(64);

        assertThat(FrameCodec.decodeClient("{\"type\":\"conversations\",\"reqId\":\"" + reqId + "\"}").reqId())
                .isEqualTo(reqId);
        assertThat(refusal("{\"type\":\"teleport\",\"reqId\":\"" + reqId + "\"}").reqId()).isEqualTo(reqId);
    }

    @Test
    void aReqIdOf65CodePointsIsRefusedWithoutEchoingIt() {
        FrameException e = refusal("{\"type\":\"conversations\",\"reqId\":\"" + EMOJI.repeat(65) + "\"}");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.reqId()).isNull();
    }

    @Test
    void aSendNamingBothPeerAndConversationIsAnInvalidField() {
        assertThat(refusal("{\"type\":\"send\",\"conversationId\":\"" + DM + "\",\"peer\":\"@bob\","
                + "\"clientMsgId\":\"c\",\"body\":\"aGk=\"}").code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void aSendNamingNeitherPeerNorConversationIsAMissingField() {
        assertThat(refusal("{\"type\":\"send\",\"clientMsgId\":\"c\",\"body\":\"aGk=\"}").code())
                .isEqualTo(ErrorCode.MISSING_FIELD);
    }

    @Test
    void accountTextLengthsCountCodePoints() {
        assertThat(new RegisterAccountRequest("alice", EMOJI.repeat(64), EMOJI.repeat(8)).displayName())
                .isEqualTo(EMOJI.repeat(64));
        assertRefused(() -> new RegisterAccountRequest("alice", EMOJI.repeat(65), "password"), ErrorCode.INVALID_FIELD,
                "displayName must be 1 to 64 characters");
        // Five emoji are ten UTF-16 units, but five characters: too short.
        assertRefused(() -> new RegisterAccountRequest("alice", "Alice", EMOJI.repeat(5)), ErrorCode.INVALID_FIELD,
                "password must be 8 to 128 characters");
        assertThat(new AddDeviceRequest("alice", "password", EMOJI.repeat(64)).deviceName())
                .isEqualTo(EMOJI.repeat(64));
        assertRefused(() -> new AddDeviceRequest("alice", "password", "\ud83d"), ErrorCode.INVALID_FIELD,
                "deviceName must be well-formed Unicode (no unpaired surrogate)");
    }

    private static void assertRefused(Runnable r, ErrorCode code, String message) {
        assertThatThrownBy(r::run).isInstanceOf(ChatException.class).hasMessage(message)
                .satisfies(e -> assertThat(((ChatException) e).code()).isEqualTo(code));
    }

    private static String send(String body) {
        return "{\"type\":\"send\",\"conversationId\":\"" + DM + "\",\"clientMsgId\":\"c\",\"body\":\"" + body + "\"}";
    }

    private static String createGroup(String name) {
        return "{\"type\":\"createGroup\",\"clientMsgId\":\"c\",\"name\":\"" + name + "\",\"userIds\":[]}";
    }
}
