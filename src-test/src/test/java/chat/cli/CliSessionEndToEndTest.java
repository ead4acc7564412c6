package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.e2e.SharedSystem;
import chat.system.ChatSystem;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live session ({@code watch}) and one-shot commands of the same profile at once, against the real system: the
 * one-shot commands run through the session's connection instead of displacing it (close 4001).
 */
@ExtendWith(SharedSystem.class)
class CliSessionEndToEndTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

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
    void oneShotCommandsOfTheWatchedProfileLeaveTheWatchRunningAndPrinting() throws Exception {
        String conversation = CliRun.conversationOf(cli(alice, "send", "@" + bob, "before", "--wait", "0"));
        // bob's own send is printed by his watch as well: before, from-bob, after.
        CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(
                () -> cli(bob, "watch", "--count", "3", "--timeout", "60"));
        awaitSession(bob);

        CliRun list = cli(bob, "conversations");
        assertThat(list.exit).as(list.err).isZero();
        assertThat(list.out).contains(conversation);
        CliRun history = cli(bob, "history", conversation);
        assertThat(history.exit).as(history.err).isZero();
        assertThat(history.out).contains(": before");
        CliRun sent = cli(bob, "send", "@" + alice, "from-bob", "--wait", "0");
        assertThat(sent.exit).as(sent.err).isZero();
        assertThat(sent.out).contains("SENT " + conversation + " seq=2");

        assertThat(cli(alice, "send", "@" + bob, "after", "--wait", "0").exit).isZero();
        CliRun watched = watch.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(watched.exit).as(watched.err).isZero();
        assertThat(watched.err).doesNotContain("displaced");
        assertThat(watched.out).contains(": before").contains(": from-bob").contains(": after");
    }

    @Test
    void aSecondLiveSessionOfTheProfileIsRefusedAndTheFirstKeepsRunning() throws Exception {
        CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(
                () -> cli(bob, "watch", "--count", "1", "--timeout", "60"));
        awaitSession(bob);

        CliRun second = cli(bob, "watch", "--count", "1", "--timeout", "5");
        assertThat(second.exit).isEqualTo(1);
        assertThat(second.err).contains("SESSION_RUNNING");

        assertThat(cli(alice, "send", "@" + bob, "still-watched", "--wait", "0").exit).isZero();
        CliRun watched = watch.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(watched.exit).as(watched.err).isZero();
        assertThat(watched.out).contains(": still-watched");
    }

    @Test
    void aStaleSocketFileIsReplacedByTheNextSession() throws Exception {
        Path socket = profiles.resolve(bob + ".sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket)); // closed without removing its file: a crashed session
        }
        assertThat(socket).exists();

        CliRun direct = cli(bob, "conversations");
        assertThat(direct.exit).as(direct.err).isZero();

        CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(
                () -> cli(bob, "watch", "--count", "1", "--timeout", "60"));
        awaitSession(bob);
        assertThat(cli(bob, "conversations").exit).isZero();
        assertThat(cli(alice, "send", "@" + bob, "after-crash", "--wait", "0").exit).isZero();
        CliRun watched = watch.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(watched.exit).as(watched.err).isZero();
        assertThat(watched.out).contains(": after-crash");
    }

    @Test
    void afterTheSessionEndsOneShotCommandsConnectDirectlyAgain() throws Exception {
        CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(
                () -> cli(bob, "watch", "--count", "1", "--timeout", "60"));
        awaitSession(bob);
        String conversation = CliRun.conversationOf(cli(alice, "send", "@" + bob, "one", "--wait", "0"));
        assertThat(watch.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).exit).isZero();
        assertThat(profiles.resolve(bob + ".sock")).doesNotExist();

        CliRun history = cli(bob, "history", conversation);
        assertThat(history.exit).as(history.err).isZero();
        assertThat(history.out).contains(": one");
    }

    /** The session answers on its socket once it holds the profile. */
    private void awaitSession(String profile) {
        Path socket = profiles.resolve(profile + ".sock");
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> answers(socket));
    }

    private static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private CliRun cli(String profile, String... args) {
        return CliRun.of(system, profiles, profile, args);
    }
}
