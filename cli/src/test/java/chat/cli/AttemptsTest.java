package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.client.ChatHttpApi;
import chat.model.ChatException;
import chat.model.ErrorCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a command says on stderr while the system cannot be reached, and the error it ends with. */
class AttemptsTest {
    private static final List<Duration> WAITS = List.of(Duration.ofMillis(10), Duration.ofMillis(10));
    private final StringWriter err = new StringWriter();
    private final Attempts attempts = new Attempts(new PrintWriter(err, true), WAITS);

    /** An address nobody listens at: a port just released. */
    private static URI deadApi() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    @Test
    void eachRetrySaysWhatCannotBeReachedAndWhenItTriesAgain() throws Exception {
        URI api = deadApi();
        assertThatThrownBy(() -> attempts.run(api, List.of(URI.create("ws://127.0.0.1:1/v1/ws")),
                n -> new ChatHttpApi(api).token("dc1.u0000000000000001.d0000000000000001.secret")));
        assertThat(err.toString().lines().toList()).containsExactly(
                "chat: cannot reach " + api + " (connection refused); retrying in 10 ms (attempt 2 of 3)",
                "chat: cannot reach " + api + " (connection refused); retrying in 10 ms (attempt 3 of 3)");
    }

    @Test
    void theFinalErrorNamesTheAddressAndSuggestsStartingTheSystem() throws Exception {
        URI api = deadApi();
        assertThatThrownBy(() -> attempts.run(api, List.of(URI.create("ws://127.0.0.1:1/v1/ws")),
                n -> new ChatHttpApi(api).token("dc1.u0000000000000001.d0000000000000001.secret")))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.code()).isEqualTo("UNREACHABLE");
                    assertThat(e.getMessage()).isEqualTo("cannot reach " + api + " (connection refused) after 3 "
                            + "attempts; " + Unreachable.HINT).contains("bin/chat-system");
                });
    }

    @Test
    void aRefusalThatCannotSucceedOnARetryFailsAtOnceAndQuietly() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> attempts.run(URI.create("http://127.0.0.1:1"), List.of(URI.create("ws://x")), n -> {
            calls.incrementAndGet();
            throw new ChatException(ErrorCode.FORBIDDEN, "no");
        })).isInstanceOf(ChatException.class);
        assertThat(calls).hasValue(1);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aFailureThatPassesIsForgottenAndTheAnswerReturned() throws Exception {
        URI api = deadApi();
        String answer = attempts.run(api, List.of(URI.create("ws://x")), n -> {
            if (n == 1) {
                new ChatHttpApi(api).token("dc1.u0000000000000001.d0000000000000001.secret");
            }
            return "answer " + n;
        });
        assertThat(answer).isEqualTo("answer 2");
        assertThat(err.toString().lines()).hasSize(1);
    }
}
