package chat.system;

import chat.localstack.LocalStackHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local AWS stack in a JVM of its own ({@code chat.localstack.LocalStackMain}), so that ElasticMQ's CPU time is
 * that process's and not the caller's; dynalite and s3proxy are its children. Ready means the ready file
 * {@code LocalStackMain} writes once the tables, queues and buckets exist, which also names the endpoints (ports may
 * be picked freely) and dynalite's process id. Output goes to a log file, as for every other process of the system.
 */
final class LocalStackProcess {
    /** The s3 field is optional, so a ready file from a local stack built before S3 is still understood. */
    private static final Pattern READY =
            Pattern.compile("dynamodb=(\\S+) sqs=(\\S+) dynalite-pid=(\\d+)(?: s3=(\\S+))?");
    private final Path log;
    private final Path readyFile;
    private final ManagedProcess process;
    private URI dynamoEndpoint;
    private URI sqsEndpoint;
    private URI s3Endpoint;
    private long dynalitePid;

    /** {@code java} is the start of the command line (the JVM and its options), as for the other child JVMs. */
    LocalStackProcess(RepoLayout repo, SystemOptions options, List<String> java) {
        this.log = options.logDir().resolve("localstack.log");
        this.readyFile = options.logDir().resolve("localstack.ready").toAbsolutePath();
        List<String> cmd = new ArrayList<>(java);
        cmd.add("-D" + LocalStackHome.PROPERTY + "=" + repo.localstackHome());
        cmd.add("-jar");
        cmd.add(repo.localstackJar().toString());
        if (options.dataDir() == null) {
            cmd.add("--in-memory");
        } else {
            cmd.addAll(List.of("--data-dir", options.dataDir().toAbsolutePath().toString()));
        }
        cmd.addAll(List.of("--dynamodb-port", Integer.toString(options.dynamoPort()), "--sqs-port",
                Integer.toString(options.sqsPort()), "--s3-port", Integer.toString(options.s3Port()), "--log-dir",
                options.logDir().toAbsolutePath().toString(), "--ready-file", readyFile.toString()));
        // Ready is the ready file, not an HTTP health check: no health URI.
        this.process = new ManagedProcess("localstack", cmd, log, null);
    }

    /** Starts the process; {@link #awaitReady} then waits for the stack it provisions. */
    void start() {
        try {
            Files.deleteIfExists(readyFile); // a marker left by a killed run must not pass for this one
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process.start();
    }

    /** Returns once the started stack is provisioned; fails early if the process dies. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (Files.isRegularFile(readyFile)) {
                    parse(Files.readString(readyFile));
                    return;
                }
                if (process.exitsWithin(Duration.ofMillis(50))) {
                    throw new IllegalStateException("the local stack exited; see " + log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        throw new IllegalStateException("the local stack is not ready after " + timeout + "; see " + log);
    }

    private void parse(String ready) {
        Matcher m = READY.matcher(ready);
        if (!m.find()) {
            throw new IllegalStateException("unexpected ready line from the local stack: " + ready);
        }
        dynamoEndpoint = URI.create(m.group(1));
        sqsEndpoint = URI.create(m.group(2));
        dynalitePid = Long.parseLong(m.group(3));
        s3Endpoint = m.group(4) == null ? null : URI.create(m.group(4));
    }

    URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /** Null when the ready file named no S3 endpoint. */
    URI s3Endpoint() {
        return s3Endpoint;
    }

    long pid() {
        return process.pid();
    }

    long dynalitePid() {
        return dynalitePid;
    }

    /** SIGTERM, so its shutdown hook stops dynalite too; forced if it lingers (dynalite then exits with its parent). */
    void stop() {
        process.stop();
    }
}
