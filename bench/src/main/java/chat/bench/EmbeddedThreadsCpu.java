package chat.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this JVM's threads whose names start with a prefix: how ElasticMQ is measured when it is embedded in
 * the load generator's JVM (tests; its actor system names every thread "elasticmq-..."). Less exact than a process of
 * its own: a thread that ended between two readings takes its time with it.
 */
final class EmbeddedThreadsCpu {
    private EmbeddedThreadsCpu() {
    }

    static double seconds(String namePrefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return 0;
        }
        long nanos = 0;
        for (ThreadInfo t : threads.dumpAllThreads(false, false)) {
            if (t.getThreadName().startsWith(namePrefix)) {
                long cpu = threads.getThreadCpuTime(t.getThreadId());
                nanos += Math.max(cpu, 0); // -1: ended or measurement off
            }
        }
        return nanos / 1e9;
    }
}
