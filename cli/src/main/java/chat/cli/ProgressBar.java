package chat.cli;

import chat.client.media.TransferProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A transfer's progress on the terminal: {@code [#########-----------]  45.2/100.0 MB  12.3 MB/s}, redrawn in place
 * at most five times a second, then a final line. Off a terminal (a pipe, a test) only the final line is written,
 * so logs are not filled with redraws.
 */
final class ProgressBar implements TransferProgress {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter out;
    private final String label;
    private final boolean redraw;
    private final long started = System.nanoTime();
    private long lastDraw;
    private long done;
    private long total;
    private long startedAt = -1;

    ProgressBar(PrintWriter out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.redraw = terminal;
    }

    @Override
    public synchronized void update(long done, long total) {
        if (startedAt < 0) {
            startedAt = done; // a resume starts with what was stored before: the rate counts this run's bytes
        }
        this.done = done;
        this.total = total;
        long now = System.nanoTime();
        if (redraw && (now - lastDraw >= REDRAW_NANOS || done == total)) {
            lastDraw = now;
            out.print("\r" + line(now));
            out.flush();
        }
    }

    /** Ends the bar with a line that stays. */
    synchronized void finish() {
        out.print((redraw ? "\r" : "") + line(System.nanoTime()) + System.lineSeparator());
        out.flush();
    }

    private String line(long now) {
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = (done - Math.max(0, startedAt)) / seconds;
        return String.format(Locale.ROOT, "%s [%s%s] %s/%s %s/s", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), mb(done), mb(total), mb((long) rate));
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
