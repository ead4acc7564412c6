package chat.model.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.Limits;
import chat.model.frames.FrameCodec.FrameException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The device inbox frames: what is accepted, and every way a sendEnvelopes, inboxSync or inboxAck is refused. */
class EnvelopeFramesTest {
    private static final String TO = "\"userId\":\"u0123456789abcdef\",\"deviceId\":\"d0123456789abcdef\"";

    private static String envelope(String id, String suite, String kind, String body) {
        return "{" + TO + ",\"envelopeId\":\"" + id + "\",\"suite\":" + suite + ",\"kind\":" + kind + ",\"body\":"
                + body + "}";
    }

    private static String send(String... envelopes) {
        return "{\"type\":\"sendEnvelopes\",\"reqId\":\"r\",\"envelopes\":[" + String.join(",", envelopes) + "]}";
    }

    private static FrameException refused(String text) {
        FrameException e = catchThrowableOfType(FrameException.class, () -> FrameCodec.decodeClient(text));
        assertThat(e).as("refused: %s", text).isNotNull();
        assertThat(e.reqId()).isEqualTo("r");
        return e;
    }

    @Test
    void aValidBatchDecodesWithItsSuiteAndKind() {
        ClientFrame frame = FrameCodec.decodeClient(send(envelope("a", "\"signal-v3\"", "\"prekey\"", "\"aGk=\""),
                envelope("b", "\"signal-v4\"", "\"plain\"", "\"aGk=\"")));

        assertThat(frame).isInstanceOfSatisfying(SendEnvelopesFrame.class, f -> {
            assertThat(f.envelopes()).extracting(OutgoingEnvelope::suite)
                    .containsExactly(EnvelopeSuite.SIGNAL_V3, EnvelopeSuite.SIGNAL_V4);
            assertThat(f.envelopes()).extracting(OutgoingEnvelope::kind)
                    .containsExactly(EnvelopeKind.PREKEY, EnvelopeKind.PLAIN);
        });
    }

    @Test
    void anUnknownSuiteIsInvalidAndTheMessageNamesTheFieldAndTheAllowedOnes() {
        FrameException e = refused(send(envelope("a", "\"signal-v9\"", "\"whisper\"", "\"aGk=\"")));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).isEqualTo("field \"envelopes[0].suite\" must be one of signal-v3, signal-v4");
    }

    @Test
    void aKindOfTheWrongJsonTypeIsInvalid() {
        FrameException e = refused(send(envelope("a", "\"signal-v3\"", "1", "\"aGk=\"")));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).contains("envelopes[0].kind");
    }

    @Test
    void aBodyThatIsNotCanonicalBase64IsInvalid() {
        assertThat(refused(send(envelope("a", "\"signal-v3\"", "\"whisper\"", "\"aGk\""))).code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refused(send(envelope("a", "\"signal-v3\"", "\"whisper\"", "12"))).getMessage())
                .contains("expected a base64 string");
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        String big = Base64.getEncoder().encodeToString(new byte[Limits.MAX_BODY_BYTES + 1]);
        ChatException e = catchThrowableOfType(ChatException.class, () -> new OutgoingEnvelope("u0123456789abcdef", "d0123456789abcdef", "a", EnvelopeSuite.SIGNAL_V3,
                        EnvelopeKind.WHISPER, big));

        assertThat(e.code()).isEqualTo(ErrorCode.BODY_TOO_LARGE);
    }

    @Test
    void anEmptyOrOverfullOrMissingListIsRefused() {
        assertThat(refused(send()).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refused("{\"type\":\"sendEnvelopes\",\"reqId\":\"r\"}").code()).isEqualTo(ErrorCode.MISSING_FIELD);
        String[] many = new String[Limits.MAX_ENVELOPES_PER_FRAME + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = envelope("e" + i, "\"signal-v3\"", "\"plain\"", "\"aA==\"");
        }
        assertThat(refused(send(many)).code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void oneEnvelopeIdTwiceForOneDeviceIsRefused() {
        FrameException e = refused(send(envelope("a", "\"signal-v3\"", "\"plain\"", "\"aGk=\""),
                envelope("a", "\"signal-v3\"", "\"plain\"", "\"aGk=\"")));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.getMessage()).contains("envelopes[1]");
    }

    @Test
    void aBadRecipientIdIsInvalid() {
        String bad = "{\"userId\":\"bob\",\"deviceId\":\"d0123456789abcdef\",\"envelopeId\":\"a\","
                + "\"suite\":\"signal-v3\",\"kind\":\"plain\",\"body\":\"aGk=\"}";

        assertThat(refused(send(bad)).code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void inboxSyncAndAckTakeNonNegativeIntegers() {
        assertThat(refused("{\"type\":\"inboxAck\",\"reqId\":\"r\",\"upTo\":-1}").code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refused("{\"type\":\"inboxAck\",\"reqId\":\"r\"}").code()).isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(refused("{\"type\":\"inboxSync\",\"reqId\":\"r\",\"limit\":501}").code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(refused("{\"type\":\"inboxSync\",\"reqId\":\"r\",\"after\":\"3\"}").code())
                .isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(FrameCodec.decodeClient("{\"type\":\"inboxSync\",\"reqId\":\"r\"}"))
                .isInstanceOfSatisfying(InboxSyncFrame.class, f -> {
                    assertThat(f.afterSeq()).isZero();
                    assertThat(f.pageSize()).isEqualTo(Limits.DEFAULT_PAGE_SIZE);
                });
    }

    @Test
    void anEnvelopeEncodesWithTheWireNames() {
        String text = FrameCodec.encode(new EnvelopeFrame(new Envelope(3, "u0123456789abcdef", "d0123456789abcdef",
                "a", EnvelopeSuite.SIGNAL_V3, EnvelopeKind.WHISPER, "aGk=", 5)));

        assertThat(text).contains("\"type\":\"envelope\"").contains("\"suite\":\"signal-v3\"")
                .contains("\"kind\":\"whisper\"");
        assertThat(FrameCodec.decodeServer(text)).isInstanceOf(EnvelopeFrame.class);
    }
}
