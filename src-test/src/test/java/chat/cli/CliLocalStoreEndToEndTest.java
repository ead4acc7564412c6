package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.e2e.SharedSystem;
import chat.system.ChatSystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with its local store against the real system: what a run received stays in {@code <profile>/chat.db}, a
 * restarted command shows it from there (even with the system out of reach) and syncs only what is newer.
 */
@ExtendWith(SharedSystem.class)
class CliLocalStoreEndToEndTest {
    @TempDir
    Path profiles;
    private ChatSystem system;
    private String alice;
    private String bob;

    @BeforeEach
    void users(ChatSystem system) {
        this.system = system;
        alice = CliRun.account(system, profiles, "alice", "cli");
        bob = CliRun.account(system, profiles, "bob", "cli");
    }

    @Test
    void aRestartedWatchShowsStoredMessagesFromTheStoreAndSyncsOnlyWhatIsNewer() throws Exception {
        String conversation = CliRun.conversationOf(cli(alice, "send", "@" + bob, "one", "--wait", "0"));
        assertThat(cli(alice, "send", "@" + bob, "two", "--wait", "0").exit).isZero();
        CliRun first = cli(bob, "watch", "--count", "2", "--timeout", "30");
        assertThat(first.out).as(first.err).contains(": one").contains(": two");
        assertThat(profiles.resolve(bob).resolve("chat.db")).exists();
        // As after a chat screen of another conversation: received and stored, but no watch has printed them.
        ProfileStore profile = ProfileStore.forName(profiles.resolve(bob + ".json").toString());
        profile.save(profile.require().withCursors(Map.of()));
        assertThat(cli(alice, "send", "@" + bob, "three", "--wait", "0").exit).isZero();

        CliRun restarted = cli(bob, "watch", "--count", "3", "--timeout", "30");

        assertThat(restarted.exit).as(restarted.err).isZero();
        assertThat(restarted.err).contains("-- 2 messages from the local store");
        // Had the sync started below the stored cursor, "one" and "two" would come again and print twice.
        assertThat(occurrences(restarted.out, ": one")).isEqualTo(1);
        assertThat(occurrences(restarted.out, ": two")).isEqualTo(1);
        assertThat(occurrences(restarted.out, ": three")).isEqualTo(1);
        assertThat(restarted.out.indexOf(": two")).isLessThan(restarted.out.indexOf(": three"));
        assertThat(profile.require().cursors()).containsEntry(conversation, 3L);
    }

    @Test
    void historyBelowTheStoredCursorIsPrintedFromTheStoreWithTheSystemOutOfReach() throws Exception {
        String conversation = CliRun.conversationOf(cli(alice, "send", "@" + bob, "one", "--wait", "0"));
        assertThat(cli(alice, "send", "@" + bob, "two", "--wait", "0").exit).isZero();
        assertThat(cli(alice, "send", "@" + bob, "three", "--wait", "0").exit).isZero();
        assertThat(cli(bob, "watch", "--count", "3", "--timeout", "30").exit).isZero();

        CliRun offline = unreachable(bob, "history", conversation, "--before", "3", "--limit", "2");

        assertThat(offline.exit).as(offline.err).isZero();
        assertThat(offline.out).contains("(@" + alice + "): one").contains("(@" + alice + "): two")
                .doesNotContain(": three");
        assertThat(offline.out.lines().count()).isEqualTo(2); // seq 1 is the first: no "older messages" hint
    }

    private CliRun cli(String profile, String... args) {
        return CliRun.of(system, profiles, profile, args);
    }

    /** The CLI with the REST API and the broker both at a port nothing listens on. */
    private CliRun unreachable(String profile, String... args) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> all = new java.util.ArrayList<>(List.of("--api", "http://127.0.0.1:" + port,
                "--ws", "ws://127.0.0.1:" + port + "/v1/ws",
                "--profile", profiles.resolve(profile + ".json").toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ChatCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return CliRun.raw(exit, out.toString(), err.toString());
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
