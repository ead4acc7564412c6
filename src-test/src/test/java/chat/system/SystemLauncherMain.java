package chat.system;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The test harness as a launcher of its own: starts a system the way the end-to-end tests do
 * ({@link SystemOptions#forTests}) and runs until it is stopped, so that a test can signal or kill it.
 * Argument: the log folder.
 */
public final class SystemLauncherMain {
    private SystemLauncherMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ChatSystem.start(SystemOptions.forTests(Path.of(args[0])));
        System.out.println("system ready");
        new CountDownLatch(1).await();
    }
}
