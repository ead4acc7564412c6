package chat.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One dynalite child process (the DynamoDB API), started and stopped from Java. */
final class Dynalite {
    /** A hang guard: a dynalite that exits fails the start at once; Node's start is slow on a busy machine. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Makes dynalite exit when our end of its stdin pipe closes, i.e. when this JVM dies in any way. */
    private static final String EXIT_WITH_PARENT = "exit-with-parent.cjs";
    private static final Pattern ERROR_LINE = Pattern.compile("^\\s*\\w*Error\\b");

    private final Path home;
    private final String host;
    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private volatile Process process;

    Dynalite(Path home, String host, int port, Path dataDir, Path logFile) {
        this.home = home;
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    URI endpoint() {
        return URI.create("http://" + host + ":" + port);
    }

    /** The Node process's id (for measuring its CPU time); -1 when it is not running. */
    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** Starts the process and returns once it answers ListTables. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("dynalite already running on port " + port);
        }
        try {
            if (dataDir != null) {
                Files.createDirectories(dataDir);
            }
            // Output goes to a file, never to our stdout: Surefire reads a forked JVM's stdout as its own channel,
            // and a child writing to it corrupts that channel. stdin stays a pipe (the default) for
            // exit-with-parent.cjs.
            ProcessBuilder builder = new ProcessBuilder(command()).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start dynalite (is `node` on the PATH?): " + command(), e);
        }
        awaitReady();
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(List.of(System.getProperty("chat.localstack.node", "node"),
                "--require", home.resolve(EXIT_WITH_PARENT).toString(),
                LocalStackHome.dynaliteCli(home).toString(), "--port", Integer.toString(port), "--host", host,
                // Tables go ACTIVE at once instead of after dynalite's default 500 ms in CREATING.
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (dataDir != null) {
            command.add("--path");
            command.add(dataDir.toAbsolutePath().toString());
        }
        return command;
    }

    private void awaitReady() {
        Process started = process;
        try (DynamoDbClient probe = AwsClients.dynamoProbe(endpoint())) {
            Poll.until("dynalite on " + endpoint(), START_TIMEOUT, Duration.ofMillis(25), () -> {
                if (!started.isAlive()) {
                    throw new IllegalStateException("dynalite exited with code " + started.exitValue() + ": "
                            + lastError() + " (full output in " + logFile + ")");
                }
                try {
                    probe.listTables();
                    return true;
                } catch (SdkException notYet) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * The latest error line in the log (it is appended across restarts), e.g. "Error: listen EADDRINUSE ..." or a
     * LevelDB lock failure, so the exception says why without opening the file.
     */
    private String lastError() {
        try (var lines = Files.lines(logFile)) {
            String error = lines.filter(line -> ERROR_LINE.matcher(line).find()).reduce((first, later) -> later)
                    .orElse("no error line in its output").trim();
            // dynalite listens before LevelDB is open; when the open fails (the directory's LOCK is held by another
            // dynalite), the first request crashes it with "Database/Iterator is not open" and no word of the lock.
            return dataDir != null && error.startsWith("ModuleError") && error.contains("not open")
                    ? error + " (is another dynalite using " + dataDir + "?)" : error;
        } catch (IOException | UncheckedIOException e) {
            return "its output is unreadable";
        }
    }

    /** SIGTERM, then SIGKILL if it lingers; returns once the process is gone, so the port and LevelDB lock are free. */
    void stop() { // not synchronized: the JVM shutdown hook must not wait behind a start() in progress
        Process running = process;
        if (running == null) {
            return;
        }
        process = null;
        ChildProcesses.terminate(running, STOP_GRACE);
    }

    boolean isRunning() {
        Process running = process;
        return running != null && running.isAlive();
    }
}
