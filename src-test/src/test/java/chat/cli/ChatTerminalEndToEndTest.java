package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.e2e.SharedSystem;
import chat.model.Ids;
import chat.system.ChatSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/chat ... chat @peer} in a real pseudo-terminal: each side runs in its own tmux session (on a tmux server
 * of this test's own), keys are typed with send-keys and the screen is read with capture-pane. Needs the packaged CLI
 * ({@code cli/target}) and tmux.
 */
@ExtendWith(SharedSystem.class)
class ChatTerminalEndToEndTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Path BIN_CHAT = Path.of("..", "bin", "chat").toAbsolutePath().normalize();

    @TempDir
    Path profiles;
    private ChatSystem system;
    private String tmuxSocket;
    private String alice;
    private String bob;

    @BeforeEach
    void start(ChatSystem system) {
        this.system = system;
        tmuxSocket = "chat-e2e-" + Ids.random(8);
        alice = CliRun.account(system, profiles, "alice", "tty");
        bob = CliRun.account(system, profiles, "bob", "tty");
        assertThat(BIN_CHAT).as("bin/chat").exists();
        assertThat(Path.of("..", "cli", "target", "lib")).as("the packaged CLI (mvn package)").isDirectory();
    }

    @AfterEach
    void stopTmux() throws Exception {
        tmux("kill-server");
    }

    @Test
    void marksTypingAndPresenceMoveOnInPlaceAsThePeerReceivesReadsAndTypes() throws Exception {
        openChat("a", alice, bob);
        awaitPane("a", "chat with @" + bob);
        tmux("send-keys", "-t", "a", "-l", "hello bob");
        tmux("send-keys", "-t", "a", "Enter");
        // bob has no device online: stored, not delivered.
        awaitPane("a", Pattern.compile("you: hello bob  ✓\\s*$", Pattern.MULTILINE));

        CliRun delivered = cli(bob, "watch", "--no-read", "--count", "1", "--timeout", "30");
        assertThat(delivered.out).contains("hello bob");
        awaitPane("a", Pattern.compile("you: hello bob  ✓✓\\s*$", Pattern.MULTILINE));

        openChat("b", bob, alice);
        awaitPane("b", "@" + alice + ": hello bob");
        awaitPane("a", Pattern.compile("you: hello bob  ✓✓ read\\s*$", Pattern.MULTILINE));
        awaitPane("a", "chat with @" + bob + " · online");

        tmux("send-keys", "-t", "b", "-l", "typing a reply");
        awaitPane("a", "@" + bob + " is typing…");
        tmux("send-keys", "-t", "b", "Enter");
        awaitPane("a", "@" + bob + ": typing a reply");
        awaitPane("b", Pattern.compile("you: typing a reply  ✓✓ read\\s*$", Pattern.MULTILINE));
        assertThat(pane("a")).doesNotContain("is typing…");

        tmux("send-keys", "-t", "a", "-l", "/quit");
        tmux("send-keys", "-t", "a", "Enter");
        awaitPane("b", "chat with @" + alice + " · last seen ");
    }

    private void openChat(String session, String profile, String peer) throws Exception {
        String command = String.join(" ", List.of(BIN_CHAT.toString(), "--api", system.api().toString(),
                "--ws", system.ws().toString(), "--profile", profiles.resolve(profile + ".json").toString(),
                "chat", "@" + peer, "2>>" + profiles.resolve(session + ".err")));
        tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", session, command);
    }

    private void awaitPane(String session, String text) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> pane(session), screen -> screen.contains(text));
    }

    private void awaitPane(String session, Pattern pattern) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> pane(session), screen -> pattern.matcher(screen).find());
    }

    private String pane(String session) throws Exception {
        return tmux("capture-pane", "-p", "-t", session);
    }

    /** Runs a tmux command on this test's own tmux server; its output goes to a file, never to the test's stdout. */
    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", tmuxSocket));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(profiles, "tmux", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " did not finish");
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private CliRun cli(String profile, String... args) {
        return CliRun.of(system, profiles, profile, args);
    }
}
