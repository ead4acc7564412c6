package chat.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No process of the system outlives its launcher. Each test starts a launcher as a real process (the test harness's
 * {@link ChatSystem}, or {@code bin/chat-bench}'s main with a scenario that runs for an hour), waits until the system
 * is ready, notes every descendant process and the ports they listen on, then signals or kills the launcher: every
 * descendant must be gone and every port free soon after, however the launcher ended.
 */
class NoOrphansTest {
    /** A hang guard for a loaded machine: a graceful stop takes a few seconds, a watchdog exit about one. */
    private static final Duration GONE_WITHIN = Duration.ofSeconds(60);
    private static final Duration READY_WITHIN = Duration.ofSeconds(240);
    private static final Pattern HTTP_PORT = Pattern.compile("^-Dquarkus\\.http\\.port=(\\d+)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** How the launcher ends. */
    enum Ending {
        SIGTERM, SIGINT, SIGKILL
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void theTestHarnessLeavesNoProcessRunningAfterItsLauncherEnds(Ending ending) throws Exception {
        Path dir = workDir("harness-" + ending);
        assertNoOrphansAfter(ending, dir, List.of(SystemLauncherMain.class.getName(), dir.resolve("logs").toString()));
    }

    @ParameterizedTest
    @EnumSource(value = Ending.class, names = {"SIGTERM", "SIGKILL"}) // SIGINT: the same hook, shown above
    void chatBenchLeavesNoProcessRunningAfterItEnds(Ending ending) throws Exception {
        Path dir = workDir("bench-" + ending);
        assertNoOrphansAfter(ending, dir, List.of("chat.bench.BenchRunner", "steady", "--steady-users", "4",
                "--steady-contacts", "1", "--steady-rate", "2", "--steady-seconds", "3600",
                "--steady-warmup-seconds", "0"));
    }

    private static void assertNoOrphansAfter(Ending ending, Path dir, List<String> mainAndArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dchat.repo=" + RepoLayout.locate().root()));
        cmd.addAll(mainAndArgs);
        Process launcher = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.log").toFile()).start();
        List<ProcessHandle> children = List.of();
        try {
            int brokerPort = awaitReadyBroker(launcher, dir);
            children = launcher.descendants().toList();
            List<Integer> ports = listeningPorts(children);
            assertThat(children).as("functions, broker and dynalite (and the bench's local stack JVM)")
                    .hasSizeGreaterThanOrEqualTo(3);
            assertThat(ports).as("functions, broker and dynalite ports").hasSizeGreaterThanOrEqualTo(3)
                    .contains(brokerPort);

            end(launcher, ending);

            List<ProcessHandle> watched = children;
            await().atMost(GONE_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(launcher.isAlive()).as("launcher").isFalse();
                assertThat(watched.stream().filter(ProcessHandle::isAlive).map(NoOrphansTest::describe))
                        .as("descendants still running after " + ending + " of the launcher").isEmpty();
                assertThat(ports.stream().filter(p -> !isFree(p))).as("ports still held").isEmpty();
            });
        } finally {
            launcher.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly); // a failed run must not leave them to the next test
        }
    }

    private static Path workDir(String name) throws IOException {
        Path dir = Path.of("target", "no-orphans", name).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /** Waits until a broker among the launcher's descendants answers ready (it is, once the whole system is). */
    private static int awaitReadyBroker(Process launcher, Path dir) {
        return await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("the launcher exited with " + launcher.exitValue() + ": "
                        + Files.readString(dir.resolve("launcher.log")));
            }
            return launcher.descendants().filter(p -> arguments(p).stream().anyMatch(a -> a.contains("node-id=broker")))
                    .map(NoOrphansTest::httpPort).flatMap(Optional::stream).filter(NoOrphansTest::answersReady)
                    .findFirst();
        }, Optional::isPresent).orElseThrow();
    }

    private static void end(Process launcher, Ending ending) throws Exception {
        switch (ending) {
            case SIGTERM -> launcher.destroy();
            case SIGKILL -> launcher.destroyForcibly();
            case SIGINT -> assertThat(new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start()
                    .waitFor()).isZero();
        }
    }

    /** The ports named on the children's command lines: the Quarkus HTTP ports and dynalite's. */
    private static List<Integer> listeningPorts(List<ProcessHandle> processes) {
        List<Integer> ports = new ArrayList<>();
        for (ProcessHandle p : processes) {
            httpPort(p).ifPresent(ports::add);
            List<String> args = arguments(p);
            int i = args.indexOf("--port");
            if (i >= 0 && i + 1 < args.size()) {
                ports.add(Integer.parseInt(args.get(i + 1)));
            }
        }
        return ports;
    }

    private static Optional<Integer> httpPort(ProcessHandle p) {
        for (String a : arguments(p)) {
            Matcher m = HTTP_PORT.matcher(a);
            if (m.matches()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
        }
        return Optional.empty();
    }

    private static List<String> arguments(ProcessHandle p) {
        return p.info().arguments().map(List::of).orElse(List.of());
    }

    private static boolean answersReady(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException held) {
            return false;
        }
    }

    private static String describe(ProcessHandle p) {
        return p.pid() + " " + p.info().commandLine().orElse("?");
    }
}
