package chat.functions.support;

import chat.model.internal.InternalApi;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Running sums of DynamoDB capacity units, in total and by table, for reads and for writes: what on-demand DynamoDB
 * bills. Units are fractional (an eventually consistent read of up to 4 KB is half a unit), hence doubles.
 */
public final class CapacityTally {
    public static final String READ_UNITS = InternalApi.STATS_READ_UNITS;
    public static final String WRITE_UNITS = InternalApi.STATS_WRITE_UNITS;

    private final Map<String, DoubleAdder> units = new ConcurrentHashMap<>();

    /** Adds {@code capacityUnits} consumed on {@code table}; a null table counts in the total only. */
    public void add(boolean write, String table, double capacityUnits) {
        String total = write ? WRITE_UNITS : READ_UNITS;
        units.computeIfAbsent(total, k -> new DoubleAdder()).add(capacityUnits);
        if (table != null) {
            units.computeIfAbsent(total + "." + table, k -> new DoubleAdder()).add(capacityUnits);
        }
    }

    /**
     * Units so far, sorted by name: {@value #READ_UNITS} and {@value #WRITE_UNITS} in total (always present), and the
     * same names followed by {@code .<table>} per table.
     */
    public Map<String, Double> snapshot() {
        Map<String, Double> out = new TreeMap<>();
        out.put(READ_UNITS, 0.0);
        out.put(WRITE_UNITS, 0.0);
        units.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
