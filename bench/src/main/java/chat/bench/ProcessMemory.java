package chat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of another JVM on this machine: heap in use after a full GC (through {@code jcmd}, which any JDK has and
 * which needs no agent in the target) and resident set size (from {@code /proc}).
 */
final class ProcessMemory {
    /** A top-level heap region of {@code GC.heap_info}: " garbage-first heap   total 262144K, used 21473K [...". */
    private static final Pattern REGION = Pattern.compile("^ \\S.*?\\s+total (\\d+)K, used (\\d+)K", Pattern.MULTILINE);
    private static final Pattern RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB", Pattern.MULTILINE);
    private final long pid;

    ProcessMemory(long pid) {
        this.pid = pid;
    }

    /** Runs a full GC in the process, then reads what the heap still holds: live objects only. */
    long heapUsedAfterGcKiB() throws IOException, InterruptedException {
        jcmd("GC.run");
        return heapUsedKiB(jcmd("GC.heap_info"));
    }

    long rssKiB() {
        return rssKiB(OpenFileLimit.read(Path.of("/proc", Long.toString(pid), "status")));
    }

    /** Sum of the "used" of the top-level regions (G1 has one; the serial and parallel collectors two). */
    static long heapUsedKiB(String heapInfo) {
        Matcher m = REGION.matcher(heapInfo);
        long used = 0;
        boolean found = false;
        while (m.find()) {
            used += Long.parseLong(m.group(2));
            found = true;
        }
        if (!found) {
            throw new IllegalArgumentException("no heap region in GC.heap_info: " + heapInfo);
        }
        return used;
    }

    static long rssKiB(String status) {
        Matcher m = RSS.matcher(status);
        if (!m.find()) {
            throw new IllegalArgumentException("no VmRSS in the status");
        }
        return Long.parseLong(m.group(1));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        // Read before waiting: jcmd blocks if nobody drains its output.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
