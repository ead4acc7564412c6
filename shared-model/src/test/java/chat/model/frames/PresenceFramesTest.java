package chat.model.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.ErrorCode;
import chat.model.frames.FrameCodec.FrameException;
import org.junit.jupiter.api.Test;

class PresenceFramesTest {
    private static final String ALICE = "u0000000000000001";

    @Test
    void decodesTheNewClientFrames() {
        assertThat(FrameCodec.decodeClient("{\"type\":\"subscribePresence\",\"reqId\":\"p1\",\"userIds\":[\""
                + ALICE + "\"]}")).isEqualTo(new SubscribePresenceFrame("p1", java.util.List.of(ALICE)));
        assertThat(FrameCodec.decodeClient("{\"type\":\"setPrivacy\",\"lastSeen\":\"contacts\"}"))
                .isEqualTo(new SetPrivacyFrame(null, LastSeenPrivacy.CONTACTS));
        assertThat(FrameCodec.decodeClient("{\"type\":\"typing\",\"conversationId\":\"g0000000000000001\","
                + "\"typing\":true}")).isEqualTo(new TypingFrame(null, "g0000000000000001", true));
    }

    @Test
    void refusesBadValuesWithStableCodes() {
        assertCode("{\"type\":\"setPrivacy\",\"lastSeen\":\"friends\"}", ErrorCode.INVALID_FIELD);
        assertCode("{\"type\":\"setPrivacy\"}", ErrorCode.MISSING_FIELD);
        assertCode("{\"type\":\"subscribePresence\",\"userIds\":[]}", ErrorCode.INVALID_FIELD);
        assertCode("{\"type\":\"subscribePresence\",\"userIds\":[\"" + ALICE + "\",\"" + ALICE + "\"]}",
                ErrorCode.INVALID_FIELD);
        assertCode("{\"type\":\"typing\",\"conversationId\":\"g0000000000000001\"}", ErrorCode.MISSING_FIELD);
        assertCode("{\"type\":\"registerPush\",\"kind\":\"webpush\",\"endpoint\":\"ftp://x\","
                + "\"p256dh\":\"a\",\"auth\":\"b\"}", ErrorCode.INVALID_FIELD);
        assertCode("{\"type\":\"registerPush\",\"kind\":\"pager\",\"token\":\"t\"}", ErrorCode.INVALID_FIELD);
        assertCode("{\"type\":\"registerPush\",\"kind\":\"fcm\"}", ErrorCode.MISSING_FIELD);
    }

    @Test
    void hiddenPresenceFieldsAreAbsentOnTheWire() {
        assertThat(FrameCodec.encode(new PresenceFrame(ALICE, null, null)))
                .isEqualTo("{\"type\":\"presence\",\"userId\":\"" + ALICE + "\"}");
        assertThat(FrameCodec.encode(new TypingNoticeFrame("g0000000000000001", ALICE, true, 5000)))
                .contains("\"expiresInMs\":5000");
    }

    private static void assertCode(String text, ErrorCode code) {
        assertThatThrownBy(() -> FrameCodec.decodeClient(text)).isInstanceOf(FrameException.class)
                .extracting(e -> ((FrameException) e).code()).isEqualTo(code);
    }
}
