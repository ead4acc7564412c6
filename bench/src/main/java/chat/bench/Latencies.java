package chat.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** A thread-safe latency histogram (microsecond resolution, up to two minutes) reported in milliseconds. */
final class Latencies {
    private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);

    synchronized void recordNanos(long nanos) {
        histogram.recordValue(Math.min(histogram.getHighestTrackableValue(), Math.max(1, nanos / 1000)));
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    synchronized double percentileMs(double percentile) {
        return ms(histogram.getValueAtPercentile(percentile));
    }

    synchronized double maxMs() {
        return ms(histogram.getMaxValue());
    }

    /** p50, p95, p99 and max under keys {@code <prefix>P50Ms} and so on. */
    synchronized Map<String, Object> summary(String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(prefix + "P50Ms", percentileMs(50));
        out.put(prefix + "P95Ms", percentileMs(95));
        out.put(prefix + "P99Ms", percentileMs(99));
        out.put(prefix + "MaxMs", maxMs());
        return out;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
