package chat.system;

import java.io.IOException;
import java.io.InputStream;

/**
 * A Java agent every child JVM of the system runs ({@code -javaagent}, see {@link ParentWatchJar}): it ends its
 * process when its standard input reaches end of file. The launcher holds the write end of that pipe and never writes
 * to it; the kernel closes it when the launcher dies in any way, kill -9 included, when none of the launcher's shutdown
 * hooks can run. {@link System#exit} runs the child's own shutdown hooks, so Quarkus still shuts down gracefully.
 * (Linux's PR_SET_PDEATHSIG would do this in the kernel, but Java cannot reach prctl without native code.)
 *
 * <p>JDK classes only and no nested classes: the agent jar holds this one class, and it lands on the class path of
 * functions, brokers and the local stack alike.
 */
public final class ParentWatchAgent {
    private ParentWatchAgent() {
    }

    /** Agent entry point: watches standard input on a daemon thread, so it never keeps the process alive itself. */
    public static void premain(String args) {
        Thread watch = new Thread(() -> {
            awaitEndOfFile(System.in);
            System.err.println("parent-watch: the launcher is gone (standard input closed); stopping");
            System.exit(0);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Returns once the stream ends or fails; whatever is written to it is ignored. */
    static void awaitEndOfFile(InputStream in) {
        byte[] ignored = new byte[256];
        try {
            while (in.read(ignored) >= 0) {
                // The launcher never writes; bytes from anyone else mean nothing.
            }
        } catch (IOException closed) {
            // A broken pipe is the same news as end of file.
        }
    }
}
