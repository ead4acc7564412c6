package chat.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What a measured interval of a scenario costs, per delivered message: DynamoDB capacity units and requests and SQS
 * requests (from the functions' counters), CPU seconds of every process separately (from /proc), and the AWS bill
 * for a million such messages at list prices ({@link Prices}).
 *
 * <p>"Per delivered message" means divided by the number the scenario passes to {@link #stop(long)}: the messages
 * sent in the interval, each stored once and shown on every recipient's screen. A group message counts once however
 * many members it reaches, so its fan-out cost is in its figures. Everything the system did in the interval counts
 * (acks, receipts, the workers' idle long polls), since all of it is what those messages cost.
 */
final class CostMeter {
    static final String FUNCTIONS = "functions";
    static final String BROKER = "broker";
    static final String DYNALITE = "dynalite";
    static final String ELASTICMQ = "elasticmq";
    static final String LOAD_GENERATOR = "loadGenerator";
    /** ElasticMQ's actor system names its threads after itself (chat.localstack.ElasticMq). */
    private static final String ELASTICMQ_THREADS = "elasticmq";

    private final BenchContext context;
    private final FunctionsStats stats;
    private final FunctionsStats.Snapshot before;
    private final Map<String, Double> cpuBefore;

    private CostMeter(BenchContext context, FunctionsStats stats, FunctionsStats.Snapshot before,
            Map<String, Double> cpuBefore) {
        this.context = context;
        this.stats = stats;
        this.before = before;
        this.cpuBefore = cpuBefore;
    }

    /** Snapshots the counters and every process's CPU time: the start of the measured interval. */
    static CostMeter start(BenchContext context) {
        FunctionsStats stats = context.stats();
        Map<String, Double> cpu = cpuSeconds(context);
        try {
            return new CostMeter(context, stats, stats.snapshot(), cpu);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the functions' stats", e);
        }
    }

    /**
     * The figures for the interval since {@link #start}, divided by {@code deliveredMessages}: units, requests, CPU
     * seconds per 1,000 messages by process, dollars per million messages and the assumption behind the compute
     * part. Figures that cannot be measured here (a remote system's processes) are left out.
     */
    Map<String, Object> stop(long deliveredMessages) {
        if (deliveredMessages < 1) {
            throw new IllegalArgumentException("no delivered messages to divide by");
        }
        Map<String, Double> cpu = diff(cpuBefore, cpuSeconds(context));
        FunctionsStats.Snapshot after;
        try {
            after = stats.snapshot();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the functions' stats", e);
        }
        AwsCalls calls = AwsCalls.between(before.calls(), after.calls());
        Map<String, Double> units = diff(before.units(), after.units());
        double n = deliveredMessages;
        double writeUnits = units.getOrDefault(FunctionsStats.WRITE_UNITS, 0.0) / n;
        double readUnits = units.getOrDefault(FunctionsStats.READ_UNITS, 0.0) / n;
        double sqs = calls.sqsRequests() / n;

        Map<String, Object> f = new LinkedHashMap<>();
        f.put("costDividedBy", deliveredMessages + " delivered messages (each stored once and shown to all its "
                + "recipients; a group message counts once)");
        if (!after.units().isEmpty()) {
            f.put("dynamoWriteUnitsPerMessage", AwsCalls.round(writeUnits));
            f.put("dynamoReadUnitsPerMessage", AwsCalls.round(readUnits));
            f.put("dynamoUnitsPerMessageByTable", byTable(units, n));
        }
        f.put("dynamoWriteRequestsPerMessage", AwsCalls.round(calls.dynamoWriteRequests() / n));
        f.put("dynamoReadRequestsPerMessage", AwsCalls.round(calls.dynamoReadRequests() / n));
        f.put("sqsRequestsPerMessage", AwsCalls.round(sqs));
        f.put("awsCallsPerMessage", calls.per(deliveredMessages));
        Map<String, Double> cpuPer1000 = new LinkedHashMap<>();
        // Never below zero: an embedded ElasticMQ thread that ended in the interval takes its time with it.
        cpu.forEach((role, seconds) -> cpuPer1000.put(role, AwsCalls.round(Math.max(0, seconds) * 1000 / n)));
        f.put("cpuSecondsPer1000Messages", cpuPer1000);
        if (context.elasticMqEmbedded()) {
            f.put("cpuNote", "ElasticMQ runs in the load generator's JVM here: its figure is its threads' CPU, "
                    + "taken out of the load generator's");
        }
        f.put("usdPerMillionMessages", Prices.usdPerMillionMessages(writeUnits, readUnits, sqs,
                cpu.getOrDefault(FUNCTIONS, 0.0) / n, cpu.getOrDefault(BROKER, 0.0) / n));
        f.put("usdPerMillionMessagesProvisioned", Prices.usdPerMillionMessagesProvisioned(writeUnits, readUnits,
                sqs, cpu.getOrDefault(FUNCTIONS, 0.0) / n, cpu.getOrDefault(BROKER, 0.0) / n));
        f.put("computeAssumption", Prices.COMPUTE_ASSUMPTION);
        f.put("provisionedAssumption", Prices.PROVISIONED_ASSUMPTION);
        return f;
    }

    /** The total of {@code usdPerMillionMessages} in figures {@link #stop} returned, for a headline. */
    @SuppressWarnings("unchecked")
    static double usdTotal(Map<String, Object> figures) {
        return ((Map<String, Double>) figures.get("usdPerMillionMessages")).get("total");
    }

    /** CPU seconds so far by role; a role whose process cannot be read (gone, not Linux) is left out. */
    private static Map<String, Double> cpuSeconds(BenchContext context) {
        Map<String, Double> out = new LinkedHashMap<>();
        context.processIds().forEach((role, pids) -> total(pids).ifPresent(s -> out.put(role, s)));
        OptionalDouble self = CpuTime.seconds(ProcessHandle.current().pid());
        if (self.isPresent()) {
            double load = self.getAsDouble();
            if (context.elasticMqEmbedded()) {
                double mq = EmbeddedThreadsCpu.seconds(ELASTICMQ_THREADS);
                out.put(ELASTICMQ, mq);
                load -= mq;
            }
            out.put(LOAD_GENERATOR, load);
        }
        return out;
    }

    private static OptionalDouble total(List<Long> pids) {
        double sum = 0;
        for (long pid : pids) {
            OptionalDouble s = CpuTime.seconds(pid);
            if (s.isEmpty()) {
                return OptionalDouble.empty();
            }
            sum += s.getAsDouble();
        }
        return OptionalDouble.of(sum);
    }

    /** {@code after - before} for every key of {@code after}. */
    static Map<String, Double> diff(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0.0)));
        return out;
    }

    /** Units per message by table ("write.chat-messages": 1.0), the tables that consumed any. */
    private static Map<String, Double> byTable(Map<String, Double> units, double n) {
        Map<String, Double> out = new LinkedHashMap<>();
        units.forEach((k, v) -> {
            if (v > 0 && k.startsWith(FunctionsStats.WRITE_UNITS + ".")) {
                out.put("write." + k.substring(FunctionsStats.WRITE_UNITS.length() + 1), AwsCalls.round(v / n));
            } else if (v > 0 && k.startsWith(FunctionsStats.READ_UNITS + ".")) {
                out.put("read." + k.substring(FunctionsStats.READ_UNITS.length() + 1), AwsCalls.round(v / n));
            }
        });
        return out;
    }
}
