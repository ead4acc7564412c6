package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.CloseCodes;
import chat.system.ChatSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WebSocket frames the JSON protocol does not cover, sent by a bare JDK WebSocket as a third-party client would:
 * a text frame over the hard size limit, and binary frames. What the broker answers is in docs/protocol.md (Limits,
 * Close codes).
 */
@ExtendWith(SharedSystem.class)
class WebSocketFramesTest {
    private static final int HARD_LIMIT = 256 * 1024;
    private TestUsers users;
    private TestUsers.User alice;

    @BeforeEach
    void users(ChatSystem system) {
        users = new TestUsers(system);
        alice = users.register("alice");
    }

    @Test
    void aTextFrameOverTheHardLimitClosesTheConnectionWith1009AndAReason(ChatSystem system) throws Exception {
        try (RawSocket s = RawSocket.open(users, alice.device(), system.ws())) {
            s.sendText(oversized());
            RawSocket.Closed closed = s.awaitClose();
            assertThat(closed.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            assertThat(closed.reason()).contains("262144");
        }
    }

    @Test
    void oversizedTextFramesPutNoErrorOrStackTraceInTheBrokerLog(ChatSystem system) throws Exception {
        Path log = system.broker(0).log();
        long before = Files.size(log);
        for (int i = 0; i < 3; i++) {
            try (RawSocket s = RawSocket.open(users, alice.device(), system.ws())) {
                s.sendText(oversized());
                assertThat(s.awaitClose().code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            }
        }
        String written = tail(log, before);
        assertThat(written).doesNotContain("ERROR").doesNotContain("\tat ");
    }

    @Test
    void aBinaryFrameIsAnsweredWithMalformedFrameAndTheConnectionStaysUsable(ChatSystem system) throws Exception {
        try (RawSocket s = RawSocket.open(users, alice.device(), system.ws())) {
            s.sendBinary("{\"type\":\"conversations\",\"reqId\":\"b1\"}".getBytes(StandardCharsets.UTF_8));
            String error = s.next();
            assertThat(error).contains("\"type\":\"error\"", "\"code\":\"MALFORMED_FRAME\"",
                    "binary frames are not supported", "\"retryable\":false").doesNotContain("b1");

            s.sendText("{\"type\":\"conversations\",\"reqId\":\"t1\"}");
            assertThat(s.next()).contains("\"type\":\"conversationList\"", "\"reqId\":\"t1\"");
            assertThat(s.isOpen()).isTrue();
        }
    }

    /** One byte over the limit the broker accepts (UTF-8 bytes of the text frame). */
    private static String oversized() {
        String head = "{\"type\":\"conversations\",\"pad\":\"";
        return head + "x".repeat(HARD_LIMIT + 1 - head.length() - 2) + "\"}";
    }

    private static String tail(Path log, long from) throws Exception {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
    }
}
