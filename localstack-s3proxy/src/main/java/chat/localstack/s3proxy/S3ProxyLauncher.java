package chat.localstack.s3proxy;

import java.io.IOException;
import java.io.InputStream;

/**
 * Runs s3proxy's own main, and ends this JVM once its standard input reaches end of file, i.e. once the process that
 * started it dies in any way (even SIGKILL) and the pipe's write end closes. Without it an s3proxy left by a killed
 * local stack would keep running and hold its port, as dynalite would without exit-with-parent.cjs.
 */
public final class S3ProxyLauncher {
    private S3ProxyLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(S3ProxyLauncher::exitAtEndOfInput, "s3proxy-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        org.gaul.s3proxy.Main.main(args);
    }

    private static void exitAtEndOfInput() {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // The parent never writes; anything it did write is ignored.
            }
        } catch (IOException closed) {
            // A broken pipe means the parent is gone too.
        }
        // halt, not exit: s3proxy's in-memory store has nothing to flush, and a hook must not keep an orphan alive.
        Runtime.getRuntime().halt(0);
    }
}
