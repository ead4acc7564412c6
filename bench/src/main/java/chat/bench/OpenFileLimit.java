package chat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A process's open-file limit (RLIMIT_NOFILE) and how many files it has open, read from {@code /proc}: every socket
 * is a file, so this is what caps the connections one process can hold.
 *
 * @param soft the limit in force ({@link Long#MAX_VALUE} when unlimited)
 * @param hard the ceiling the soft limit may be raised to without privileges
 */
record OpenFileLimit(long soft, long hard) {
    static final long UNLIMITED = Long.MAX_VALUE;

    /** Of process {@code pid} ("self" for this JVM). */
    static OpenFileLimit of(String pid) {
        return parse(read(Path.of("/proc", pid, "limits")));
    }

    /** Files process {@code pid} has open now (sockets included). */
    static int openFiles(String pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The "Max open files" row of a {@code /proc/<pid>/limits} text. */
    static OpenFileLimit parse(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] cells = line.substring("Max open files".length()).trim().split("\\s+");
                if (cells.length >= 2) {
                    return new OpenFileLimit(number(cells[0]), number(cells[1]));
                }
            }
        }
        throw new IllegalArgumentException("no 'Max open files' row in the limits");
    }

    /**
     * Whether a process started from here may lift its hard limit above this one (root with CAP_SYS_RESOURCE may;
     * a container without it may not): asks a shell to try, which changes nothing outside that shell.
     */
    boolean hardCanBeRaised() {
        if (hard == UNLIMITED) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("sh", "-c", "ulimit -Hn " + (hard + 1))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the soft limit is below the hard one, so a process may raise it itself. */
    boolean raisable() {
        return soft < hard;
    }

    /** "20000 (soft = hard)" or "1024 (soft; hard 524288)": both numbers matter to whoever reads the report. */
    String describe() {
        return text(soft) + (soft == hard ? " (soft = hard)" : " (soft; hard " + text(hard) + ")");
    }

    private static long number(String cell) {
        return "unlimited".equals(cell) ? UNLIMITED : Long.parseLong(cell);
    }

    private static String text(long v) {
        return v == UNLIMITED ? "unlimited" : Long.toString(v);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
