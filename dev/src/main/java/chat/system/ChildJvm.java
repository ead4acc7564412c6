package chat.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The start of every child JVM's command line. */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * This JVM's own java, a heap size (e.g. {@code -Xmx512m}), exit on out-of-memory (a crash the system recovers
     * from, not a zombie), and {@code agentOption} ({@link ParentWatchJar#javaAgentOption}) so that it ends with us.
     */
    static List<String> command(String heap, String agentOption) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(heap);
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add(agentOption);
        // Extra flags for every child JVM, e.g. a JFR recording when profiling a benchmark.
        String extra = System.getenv("CHAT_CHILD_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        return cmd;
    }
}
