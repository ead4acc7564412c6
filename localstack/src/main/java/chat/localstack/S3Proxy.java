package chat.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One s3proxy child JVM (the S3 API): in memory ({@code transient}) or in a directory ({@code filesystem}), checking
 * SigV2/SigV4 signatures against the local credentials, so presigned URLs are verified as AWS would. Its class path
 * is {@link S3ProxyHome}'s folder; its output goes to a log file and its standard input is a pipe that the launcher
 * watches, so it dies with this JVM however this JVM ends.
 */
final class S3Proxy {
    /** A hang guard: a JVM with s3proxy's class path starts in a second or two, slower on a busy machine. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** s3proxy logs through logback, whose default is DEBUG on every request. */
    private static final String LOGBACK = """
            <configuration>
              <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <root level="INFO"><appender-ref ref="out"/></root>
            </configuration>
            """;

    private final Path lib;
    private final String host;
    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private volatile Process process;

    /** {@code dataDir} null keeps every object in memory; the log file's folder also holds the generated config. */
    S3Proxy(Path lib, String host, int port, Path dataDir, Path logFile) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("s3proxy needs a concrete port: " + port);
        }
        this.lib = lib;
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    URI endpoint() {
        return URI.create("http://" + host + ":" + port);
    }

    /** Starts the process and returns once it answers ListBuckets with our credentials. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("s3proxy already running on port " + port);
        }
        List<String> command;
        try {
            Path configDir = logFile.toAbsolutePath().getParent();
            Path properties = configDir.resolve("s3proxy-" + port + ".properties");
            Files.writeString(properties, properties());
            Path logback = configDir.resolve("s3proxy-logback.xml");
            Files.writeString(logback, LOGBACK);
            if (dataDir != null) {
                Files.createDirectories(dataDir);
            }
            // In memory, s3proxy holds every blob on its heap and copies the parts once more to join a multipart
            // upload: a 100 MiB attachment needs about three times that while it completes.
            command = List.of(javaExecutable(), dataDir == null ? "-Xmx1g" : "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dlogback.configurationFile=" + logback, "-cp", lib.resolve("*").toString(),
                    S3ProxyHome.MAIN_CLASS, "--properties", properties.toString());
            // Never our stdout (Surefire reads a forked JVM's stdout as its channel); stdin stays a pipe for the
            // launcher's parent watch.
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy from " + lib, e);
        }
        awaitReady();
    }

    private String properties() {
        StringBuilder p = new StringBuilder()
                .append("s3proxy.endpoint=").append(endpoint()).append('\n')
                .append("s3proxy.authorization=aws-v2-or-v4\n")
                .append("s3proxy.identity=").append(AwsClients.ACCESS_KEY).append('\n')
                .append("s3proxy.credential=").append(AwsClients.SECRET_KEY).append('\n')
                // The web client PUTs and GETs presigned URLs from its own origin; locally any origin may.
                .append("s3proxy.cors-allow-all=true\n")
                .append("jclouds.identity=").append(AwsClients.ACCESS_KEY).append('\n')
                .append("jclouds.credential=").append(AwsClients.SECRET_KEY).append('\n');
        if (dataDir == null) {
            p.append("jclouds.provider=transient\n");
        } else {
            p.append("jclouds.provider=filesystem\n")
                    .append("jclouds.filesystem.basedir=").append(escape(dataDir.toAbsolutePath().toString()))
                    .append('\n');
        }
        return p.toString();
    }

    /** java.util.Properties reads a backslash as an escape (Windows paths). */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitReady() {
        Process started = process;
        try (S3Client probe = AwsClients.s3Probe(endpoint())) {
            Poll.until("s3proxy on " + endpoint(), START_TIMEOUT, Duration.ofMillis(50), () -> {
                if (!started.isAlive()) {
                    throw new IllegalStateException("s3proxy exited with code " + started.exitValue()
                            + " (output in " + logFile + ")");
                }
                try {
                    probe.listBuckets();
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

    /** SIGTERM, then SIGKILL if it lingers; returns once the process is gone, so the port is free. */
    void stop() { // not synchronized: the JVM shutdown hook must not wait behind a start() in progress
        Process running = process;
        if (running == null) {
            return;
        }
        process = null;
        ChildProcesses.terminate(running, STOP_GRACE);
    }
}
