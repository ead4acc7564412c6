package chat.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps the one-to-one rate up until p99 send→delivery exceeds 100 ms, a send fails or a message is not shown in
 * time; reports the highest rate that held and every step.
 */
final class SaturationScenario implements Scenario {
    @Override
    public String name() {
        return "saturation";
    }

    @Override
    public String summary() {
        return "the steady load stepped up until p99 > 100 ms or anything is lost: the highest rate that held";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("saturation-users", "1000", "users, one device each, all online"),
                new Option("saturation-contacts", "5", "conversations each user writes to"),
                new Option("saturation-start", "100", "first rate, msgs/s"),
                new Option("saturation-factor", "1.25", "each step's rate is the last one's times this"),
                new Option("saturation-seconds", "15", "how long each step lasts"),
                new Option("saturation-max", "5000", "stop here even if it still holds"));
    }

    @Override
    public ScenarioResult run(BenchContext context, BenchArgs args) throws Exception {
        int users = args.integer("saturation-users", 1000);
        int contacts = args.integer("saturation-contacts", 5);
        double rate = args.decimal("saturation-start", 100);
        double factor = args.decimal("saturation-factor", 1.25);
        int seconds = args.integer("saturation-seconds", 15);
        double max = args.decimal("saturation-max", 5000);
        if (rate <= 0 || factor <= 1 || seconds < 1) {
            throw new IllegalArgumentException("need saturation-start > 0, saturation-factor > 1, seconds >= 1");
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        double held = 0;
        String stop = "reached --saturation-max";
        Map<String, Object> ackFigures;
        try (BenchAcks acks = BenchAcks.of(args); OneToOneLoad load = OneToOneLoad.open(context, users, contacts, acks)) {
            // Warm the JITs and the conversation routes at the first rate before anything counts.
            load.run(rate, Duration.ofSeconds(seconds), Duration.ofSeconds(30));
            for (; rate <= max; rate = Math.round(rate * factor)) {
                OneToOneLoad.Step step = load.run(rate, Duration.ofSeconds(seconds), Duration.ofSeconds(30));
                steps.add(SteadyScenario.figures(step));
                String broken = broken(step);
                if (broken != null) {
                    stop = String.format("%.0f msgs/s: %s", rate, broken);
                    break;
                }
                held = rate;
            }
            ackFigures = acks.figures();
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("users", users);
        f.put("highestRateHeld", held);
        f.put("stoppedAt", stop);
        f.put("steps", steps);
        f.putAll(ackFigures);
        String headline = String.format("held %.0f msgs/s (p99 < %.0f ms, nothing lost); broke at %s", held,
                SteadyScenario.TARGET_P99_MS, stop);
        return new ScenarioResult(name(), f, headline, String.format("≥ %.0f/s", SteadyScenario.TARGET_RATE),
                held >= SteadyScenario.TARGET_RATE);
    }

    /** Why this step did not hold, or null if it did. */
    static String broken(OneToOneLoad.Step step) {
        if (step.lost() > 0 || step.failedSends() > 0) {
            return step.lost() + " not shown within 30 s, " + step.failedSends() + " sends failed";
        }
        if (step.delivery().percentileMs(99) >= SteadyScenario.TARGET_P99_MS) {
            return String.format("p99 %.0f ms", step.delivery().percentileMs(99));
        }
        if (step.deliveredPerSecond() < 0.9 * step.offeredRate()) {
            return String.format("delivered only %.0f/s", step.deliveredPerSecond());
        }
        return null;
    }
}
