package chat.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Memory of the broker (when it runs here and its pid is known) and of this load generator at one moment, each heap
 * measured after a full GC so that only live objects count.
 *
 * @param brokerHeapKiB null when the broker could not be measured
 * @param brokerRssKiB  null when the broker could not be measured
 */
record MemorySnapshot(Long brokerHeapKiB, Long brokerRssKiB, long clientHeapKiB, long clientRssKiB) {
    static MemorySnapshot take(ProcessMemory broker) throws Exception {
        Long heap = broker == null ? null : broker.heapUsedAfterGcKiB();
        Long rss = broker == null ? null : broker.rssKiB();
        System.gc();
        long clientHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        long clientRss = ProcessMemory.rssKiB(OpenFileLimit.read(Path.of("/proc/self/status")));
        return new MemorySnapshot(heap, rss, clientHeap, clientRss);
    }
}
