package chat.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Steps the one-to-one rate up until p99 send→delivery reaches 100 ms, a send fails or a message is not shown in
 * time, then bisects between the highest rate that held and the lowest that broke ({@link RateSearch}); reports the
 * highest rate that held and every step.
 */
final class SaturationScenario implements Scenario {
    @Override
    public String name() {
        return "saturation";
    }

    @Override
    public String summary() {
        return "the steady load stepped up until p99 >= 100 ms or anything is lost, then bisected: the highest rate "
                + "that held";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("saturation-users", "1000", "users, one device each, all online"),
                new Option("saturation-contacts", "5", "conversations each user writes to"),
                new Option("saturation-start", "100", "first rate, msgs/s"),
                new Option("saturation-factor", "1.25", "each step's rate is the last one's times this"),
                new Option("saturation-refine", "0", "bisections between the last rate held and the first broken"),
                new Option("saturation-seconds", "30", "how long each step lasts"),
                new Option("saturation-max", "5000", "stop here even if it still holds"));
    }

    @Override
    public ScenarioResult run(BenchContext context, BenchArgs args) throws Exception {
        int users = args.integer("saturation-users", 1000);
        int contacts = args.integer("saturation-contacts", 5);
        double start = args.decimal("saturation-start", 100);
        int seconds = args.integer("saturation-seconds", 30);
        if (seconds < 1) {
            throw new IllegalArgumentException("need saturation-seconds >= 1");
        }
        RateSearch search = new RateSearch(start, args.decimal("saturation-factor", 1.25),
                args.decimal("saturation-max", 5000), args.integer("saturation-refine", 0));
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<String, Object> ackFigures;
        long began = System.nanoTime();
        try (BenchAcks acks = BenchAcks.of(args);
                OneToOneLoad load = OneToOneLoad.open(context, users, contacts, acks, BenchBody.of(args))) {
            // Warm the JITs and the conversation routes at the first rate before anything counts.
            load.run(start, Duration.ofSeconds(seconds), Duration.ofSeconds(30));
            for (OptionalDouble rate = search.next(); rate.isPresent(); rate = search.next()) {
                long frames = acks.framesSent();
                OneToOneLoad.Step step = load.run(rate.getAsDouble(), Duration.ofSeconds(seconds),
                        Duration.ofSeconds(30));
                Map<String, Object> figures = SteadyScenario.figures(step);
                figures.put("ackFramesPerMessage", AwsCalls.round((acks.framesSent() - frames)
                        / (double) Math.max(1, step.delivered())));
                String broken = broken(step);
                figures.put("held", broken == null);
                steps.add(figures);
                search.result(broken == null, broken);
            }
            ackFigures = acks.figures();
        }
        double held = search.held();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("users", users);
        f.put("bodyBytes", args.integer(BenchBody.OPTION, BenchBody.DEFAULT_BYTES));
        f.put("highestRateHeld", held);
        f.put("lowestRateBroken", Double.isNaN(search.brokeAt()) ? null : search.brokeAt());
        f.put("stoppedAt", search.stop());
        f.put("minutes", AwsCalls.round((System.nanoTime() - began) / 60e9));
        f.put("steps", steps);
        f.putAll(ackFigures);
        String headline = String.format("held %.0f msgs/s (p99 < %.0f ms, nothing lost); broke at %s", held,
                SteadyScenario.TARGET_P99_MS, search.stop());
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
