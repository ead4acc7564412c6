package chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * CPU time (user + system) a process has used so far, from Linux's {@code /proc/<pid>/stat}: what the benchmark
 * divides by the messages it sent to get CPU seconds per message for each process separately. Children are not
 * included (their time is their own), so the local stack's JVM and its dynalite child are measured apart.
 */
final class CpuTime {
    /** {@code CLK_TCK} on every Linux we run on; confirmed once with {@code getconf CLK_TCK} when it answers. */
    static final long DEFAULT_TICKS_PER_SECOND = 100;
    private static volatile long ticksPerSecond;

    private CpuTime() {
    }

    /** Seconds of CPU the process has used, or empty when it is gone or this is not Linux. */
    static OptionalDouble seconds(long pid) {
        try {
            return OptionalDouble.of(ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")))
                    / (double) ticksPerSecond());
        } catch (IOException | RuntimeException goneOrNotLinux) {
            return OptionalDouble.empty();
        }
    }

    /**
     * utime + stime (fields 14 and 15) of a {@code stat} line, in clock ticks. Field 2 is the command name in
     * parentheses, which may itself hold spaces and parentheses, so fields are counted from the last ')'.
     */
    static long ticks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] rest = stat.substring(end + 1).trim().split("\\s+");
        // rest[0] is field 3 (state), so field n is rest[n - 3].
        if (rest.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + stat);
        }
        return Long.parseLong(rest[14 - 3]) + Long.parseLong(rest[15 - 3]);
    }

    static long ticksPerSecond() {
        long t = ticksPerSecond;
        if (t == 0) {
            t = askGetconf();
            ticksPerSecond = t;
        }
        return t;
    }

    private static long askGetconf() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("\\d+")) {
                return Long.parseLong(out);
            }
        } catch (IOException e) {
            // No getconf: the Linux default below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_TICKS_PER_SECOND;
    }
}
