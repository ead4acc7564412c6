package chat.cli;

import chat.client.Retrier;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Runs a request that is safe to repeat again after a retryable failure (the system not reachable, UNAVAILABLE, a
 * timeout), a few times over about 13 s, and says on stderr what it is doing, so that a command run with the system
 * down neither waits silently nor gives up at the first refused connection (a system that is still starting).
 */
final class Attempts {
    /** The waits between attempts: 6 attempts in all. */
    static final List<Duration> WAITS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(4));

    /** One attempt; {@code number} counts from 1 (e.g. to pick the next broker). */
    interface Attempt<T> {
        T run(int number) throws Exception;
    }

    private final PrintWriter err;
    private final List<Duration> waits;

    Attempts(PrintWriter err) {
        this(err, WAITS);
    }

    Attempts(PrintWriter err, List<Duration> waits) {
        this.err = err;
        this.waits = List.copyOf(waits);
    }

    /** The first success; else the last failure, as "cannot reach …" with the hint when nothing answered. */
    <T> T run(URI api, List<URI> brokers, Attempt<T> attempt) throws Exception {
        int total = waits.size() + 1;
        for (int n = 1; ; n++) {
            URI broker = brokers.get(Math.floorMod(n - 1, brokers.size()));
            try {
                return attempt.run(n);
            } catch (Exception e) {
                Throwable cause = unwrap(e);
                Optional<String> unreachable = Unreachable.describe(cause, api, broker);
                if (!Retrier.retryable(cause)) {
                    throw e;
                }
                if (n == total) {
                    if (unreachable.isPresent()) {
                        throw new CliException("UNREACHABLE", "cannot reach " + unreachable.get() + " after " + total
                                + " attempts; " + Unreachable.HINT);
                    }
                    throw e;
                }
                Duration wait = waits.get(n - 1);
                err.println("chat: " + unreachable.map(u -> "cannot reach " + u).orElseGet(() -> Errors.report(cause)
                        .code() + ": " + Errors.report(cause).message()) + "; retrying in " + seconds(wait)
                        + " (attempt " + (n + 1) + " of " + total + ")");
                err.flush();
                Thread.sleep(wait.toMillis());
            }
        }
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
