package chat.localstack;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the engines this stack runs as child processes. */
final class ChildProcesses {
    private ChildProcesses() {
    }

    /** SIGTERM, then SIGKILL if it lingers past {@code grace}; returns once the process is gone (its port is free). */
    static void terminate(Process running, Duration grace) {
        running.destroy();
        try {
            if (!running.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
