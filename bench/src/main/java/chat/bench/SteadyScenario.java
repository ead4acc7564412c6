package chat.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The everyday load: many users online, one device each, one-to-one messages to their contacts at a steady aggregate
 * rate. Latency at the receiver (send scheduled → shown), SENT at the sender, delivered msgs/s; fails on any loss.
 */
final class SteadyScenario implements Scenario {
    static final double TARGET_RATE = 2000;
    static final double TARGET_P99_MS = 100;

    @Override
    public String name() {
        return "steady";
    }

    @Override
    public String summary() {
        return "N users, one device each, one-to-one messages to random contacts at R msgs/s for T s";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("steady-users", "1000", "users, one device each, all online"),
                new Option("steady-contacts", "5", "conversations each user writes to"),
                new Option("steady-rate", "100", "messages per second, all users together"),
                new Option("steady-seconds", "30", "how long the rate is held"),
                new Option("steady-warmup-seconds", "10", "unmeasured seconds at the same rate first"));
    }

    @Override
    public ScenarioResult run(BenchContext context, BenchArgs args) throws Exception {
        int users = args.integer("steady-users", 1000);
        int contacts = args.integer("steady-contacts", 5);
        double rate = args.decimal("steady-rate", 100);
        int seconds = args.integer("steady-seconds", 30);
        int warmup = args.integer("steady-warmup-seconds", 10);
        if (rate <= 0 || seconds < 1 || warmup < 0) {
            throw new IllegalArgumentException("need steady-rate > 0, steady-seconds >= 1, steady-warmup-seconds >= 0");
        }
        try (BenchAcks acks = BenchAcks.of(args); OneToOneLoad load = OneToOneLoad.open(context, users, contacts, acks,
                BenchBody.of(args))) {
            Duration drain = Duration.ofSeconds(60);
            if (warmup > 0) {
                requireNothingLost(load.run(rate, Duration.ofSeconds(warmup), drain), load);
            }
            long frames = acks.framesSent();
            CostMeter cost = CostMeter.start(context);
            OneToOneLoad.Step step = requireNothingLost(load.run(rate, Duration.ofSeconds(seconds), drain), load);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("users", users);
            f.put("conversations", load.conversationCount());
            f.putAll(figures(step));
            f.put("resends", load.resends());
            f.put("bodyBytes", args.integer(BenchBody.OPTION, BenchBody.DEFAULT_BYTES));
            f.putAll(acks.figures(frames, step.delivered()));
            f.putAll(cost.stop(step.delivered()));
            String headline = String.format("%.0f msgs/s offered, %.0f delivered/s: p50 %.1f ms, p99 %.1f ms, max %.0f ms",
                    rate, step.deliveredPerSecond(), step.delivery().percentileMs(50),
                    step.delivery().percentileMs(99), step.delivery().maxMs());
            boolean met = rate >= TARGET_RATE && step.delivery().percentileMs(99) < TARGET_P99_MS;
            return new ScenarioResult(name(), f, headline,
                    String.format("≥ %.0f/s, p99 < %.0f ms", TARGET_RATE, TARGET_P99_MS), met);
        }
    }

    /** The figures every one-to-one load step reports. */
    static Map<String, Object> figures(OneToOneLoad.Step step) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("offeredPerSecond", step.offeredRate());
        f.put("seconds", step.duration().toSeconds());
        f.put("sent", step.sent());
        f.put("delivered", step.delivered());
        f.put("deliveredPerSecond", Math.round(step.deliveredPerSecond()));
        f.putAll(step.delivery().summary("delivery"));
        f.putAll(step.sentAck().summary("sent"));
        f.put("failedSends", step.failedSends());
        f.put("lost", step.lost());
        f.put("arrivedAheadOfAnEarlierSeq", step.early());
        f.put("duplicateArrivalsDropped", step.duplicates());
        return f;
    }

    private static OneToOneLoad.Step requireNothingLost(OneToOneLoad.Step step, OneToOneLoad load) {
        if (step.lost() > 0 || step.failedSends() > 0 || load.anyGap()) {
            throw new BenchFailure(String.format("at %.0f msgs/s: %d stored messages not shown, %d sends failed, gaps: %s",
                    step.offeredRate(), step.lost(), step.failedSends(), load.anyGap()));
        }
        return step;
    }
}
