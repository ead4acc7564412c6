package chat.model.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import chat.model.ErrorCode;
import chat.model.frames.FrameCodec.FrameException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** A field of the wrong JSON type is refused with INVALID_FIELD naming it; nothing is coerced. */
class WrongTypeTest {
    private static final String DM = "dm.u0123456789abcdef.u0123456789abcdeg";
    private static final String GROUP = "g0123456789abcdef";
    private static final String USER = "u0123456789abcdef";

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                of("{\"type\":\"send\",\"reqId\":\"r\",\"peer\":\"@bob\",\"clientMsgId\":\"c\",\"body\":12}",
                        "body", "a base64 string"),
                of("{\"type\":\"send\",\"reqId\":\"r\",\"peer\":\"@bob\",\"clientMsgId\":\"c\",\"body\":true}",
                        "body", "a base64 string"),
                of("{\"type\":\"send\",\"reqId\":\"r\",\"peer\":\"@bob\",\"clientMsgId\":12345,\"body\":\"aGk=\"}",
                        "clientMsgId", "a string"),
                of("{\"type\":\"send\",\"reqId\":\"r\",\"peer\":7,\"clientMsgId\":\"c\",\"body\":\"aGk=\"}",
                        "peer", "a string"),
                of("{\"type\":\"send\",\"reqId\":\"r\",\"conversationId\":[\"" + DM + "\"],\"clientMsgId\":\"c\","
                        + "\"body\":\"aGk=\"}", "conversationId", "a string"),
                of("{\"type\":\"createGroup\",\"reqId\":\"r\",\"clientMsgId\":\"c\",\"name\":42,\"userIds\":[]}",
                        "name", "a string"),
                of("{\"type\":\"createGroup\",\"reqId\":\"r\",\"clientMsgId\":\"c\",\"name\":\"x\",\"userIds\":\""
                        + USER + "\"}", "userIds", "an array"),
                of("{\"type\":\"createGroup\",\"reqId\":\"r\",\"clientMsgId\":\"c\",\"name\":\"x\",\"userIds\":[\""
                        + USER + "\",5]}", "userIds[1]", "a string"),
                of("{\"type\":\"groupChange\",\"reqId\":\"r\",\"clientMsgId\":\"c\",\"conversationId\":\"" + GROUP
                        + "\",\"action\":1}", "action", "a string"),
                of("{\"type\":\"sync\",\"reqId\":\"r\",\"limit\":\"2\"}", "limit", "an integer"),
                of("{\"type\":\"sync\",\"reqId\":\"r\",\"limit\":2.0}", "limit", "an integer"),
                of("{\"type\":\"sync\",\"reqId\":\"r\",\"cursors\":[]}", "cursors", "an object"),
                of("{\"type\":\"sync\",\"reqId\":\"r\",\"cursors\":{\"" + DM + "\":\"4\"}}", "cursors[\"" + DM + "\"]",
                        "an integer"),
                of("{\"type\":\"history\",\"reqId\":\"r\",\"conversationId\":\"" + DM + "\",\"beforeSeq\":\"9\"}",
                        "beforeSeq", "an integer"),
                of("{\"type\":\"ack\",\"reqId\":\"r\",\"conversationId\":\"" + DM + "\",\"read\":\"1\"}",
                        "read", "an integer"),
                of("{\"type\":\"ack\",\"reqId\":\"r\",\"conversationId\":\"" + DM + "\",\"delivered\":true}",
                        "delivered", "an integer"),
                of("{\"type\":\"ack\",\"reqId\":\"r\",\"conversationId\":\"" + DM + "\",\"read\":{\"x\":1}}",
                        "read", "an integer"),
                of("{\"type\":\"readers\",\"reqId\":\"r\",\"conversationId\":\"" + GROUP + "\",\"seq\":\"7\"}",
                        "seq", "an integer"),
                of("{\"type\":\"typing\",\"reqId\":\"r\",\"conversationId\":\"" + DM + "\",\"typing\":1}",
                        "typing", "true or false"),
                of("{\"type\":\"typing\",\"reqId\":\"r\",\"conversationId\":\"" + DM + "\",\"typing\":\"true\"}",
                        "typing", "true or false"),
                of("{\"type\":\"subscribePresence\",\"reqId\":\"r\",\"userIds\":[5]}", "userIds[0]", "a string"),
                of("{\"type\":\"setPrivacy\",\"reqId\":\"r\",\"lastSeen\":1}", "lastSeen", "a string"),
                of("{\"type\":\"registerPush\",\"reqId\":\"r\",\"kind\":true,\"token\":\"t\"}", "kind", "a string"),
                of("{\"type\":\"registerPush\",\"reqId\":\"r\",\"kind\":\"fcm\",\"token\":5}", "token", "a string"));
    }

    private static Arguments of(String frame, String field, String expected) {
        return Arguments.of(frame, field, expected);
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("wrongTypes")
    void aFieldOfTheWrongTypeIsRefusedNamingIt(String frame, String field, String expected) {
        FrameException e = refusal(frame);

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).isEqualTo("wrong type for field \"" + field + "\": expected " + expected);
        assertThat(e.reqId()).isEqualTo("r");
    }

    @Test
    void aNumericReqIdIsRefusedAndTheErrorCarriesNoReqId() {
        FrameException e = refusal("{\"type\":\"conversations\",\"reqId\":17}");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).isEqualTo("wrong type for field \"reqId\": expected a string");
        assertThat(e.reqId()).isNull();
    }

    @Test
    void anUnknownEnumValueIsRefusedListingTheAllowedOnes() {
        FrameException e = refusal("{\"type\":\"setPrivacy\",\"reqId\":\"r\",\"lastSeen\":\"friends\"}");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).isEqualTo("field \"lastSeen\" must be one of everyone, contacts, nobody");
    }

    @Test
    void aNumberOutOfRangeIsRefusedNamingTheField() {
        FrameException e = refusal("{\"type\":\"ack\",\"reqId\":\"r\",\"conversationId\":\"" + DM
                + "\",\"read\":9223372036854775808}");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).isEqualTo("field \"read\" is out of range");
    }

    @Test
    void aNullFieldCountsAsMissing() {
        assertThat(refusal("{\"type\":\"send\",\"peer\":\"@bob\",\"clientMsgId\":\"c\",\"body\":null}").code())
                .isEqualTo(ErrorCode.MISSING_FIELD);
    }

    @Test
    void aTypeThatIsNotAStringIsAnUnknownType() {
        FrameException e = refusal("{\"type\":5,\"reqId\":\"r\"}");

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e.getMessage()).isEqualTo("field \"type\" must be a string");
    }

    static FrameException refusal(String frame) {
        FrameException e = catchThrowableOfType(() -> FrameCodec.decodeClient(frame), FrameException.class);
        assertThat(e).as("refused: " + frame).isNotNull();
        return e;
    }
}
