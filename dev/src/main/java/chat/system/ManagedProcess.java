package chat.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the system (functions, broker or the local stack). Its output goes to a log file, never to our stdout
 * (that would break Maven Surefire). Ready means its health endpoint answers UP. Its standard input is a pipe from
 * this JVM that nothing is written to: {@link ParentWatchAgent} in the child ends it when the pipe closes, i.e. when
 * this JVM is gone, however it died.
 */
public final class ManagedProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** How long a graceful stop may take before SIGKILL; a broker's drain must fit in it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private final String name;
    private final List<String> command;
    private final Path log;
    private final URI health;
    private volatile Process process;

    /** {@code health} may be null for a process whose readiness its owner checks otherwise (see awaitReady). */
    public ManagedProcess(String name, List<String> command, Path log, URI health) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.health = health;
    }

    public ManagedProcess start() {
        try {
            // stdin stays a pipe (the default): holding its write end open is what keeps the child alive.
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until the health endpoint says UP; fails early if the process dies. */
    public ManagedProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    /** Like a crash: SIGKILL, no shutdown hooks. */
    public void kill9() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            waitGone(p);
        }
    }

    /** Graceful stop (SIGTERM), forced if it has not ended in time. */
    public void stop() {
        stopAll(List.of(this));
    }

    /**
     * Stops these processes together: SIGTERM to each, then one shared grace period for all of them to end (so a
     * group of brokers drains in parallel, not one after the other), then SIGKILL for any still running.
     */
    public static void stopAll(Collection<ManagedProcess> group) {
        List<Process> running = new ArrayList<>();
        for (ManagedProcess m : group) {
            Process p = m.process;
            if (p != null && p.isAlive()) {
                p.destroy();
                running.add(p);
            }
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Process p : running) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        running.forEach(ManagedProcess::waitGone);
    }

    /** Waits up to {@code wait} for the process to end; true if it has. */
    public boolean exitsWithin(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    private static void waitGone(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
