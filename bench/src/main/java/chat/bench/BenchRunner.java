package chat.bench;

import chat.model.frames.FrameCodec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code bin/chat-bench [scenario …] [--option value …]}: runs the named scenarios (all when none is named) against a
 * system it starts in memory on this machine, or against a running one ({@code --api URL --ws URL
 * --internal-key K}); prints one JSON line per scenario, then a table. Exit status 1 if any scenario lost,
 * duplicated or reordered anything or could not finish; 2 for a usage error.
 */
public final class BenchRunner {
    static final List<Scenario> SCENARIOS = List.of(new SequentialScenario(), new SteadyScenario(),
            new SaturationScenario(), new GroupFanoutScenario(), new ReconnectSyncScenario(),
            new ConnectionsScenario(), new NewDeviceHistoryScenario(), new MediaScenario(), new TableScenario());
    private static final Set<String> COMMON = Set.of("api", "ws", "internal-key", "broker-heap", AckMode.OPTION,
            AckMode.WINDOW_OPTION, BenchBody.OPTION, "help");

    private BenchRunner() {
    }

    public static void main(String[] argv) {
        System.exit(exitStatus(argv, System.out, System.err));
    }

    /** Runs what {@code argv} asks for; the exit status (2 for a usage error, found before anything starts). */
    static int exitStatus(String[] argv, PrintStream out, PrintStream err) {
        BenchArgs args;
        List<Scenario> chosen;
        try {
            args = BenchArgs.parse(argv);
            if (args.has("help")) {
                usage(out);
                return 0;
            }
            chosen = choose(args);
        } catch (IllegalArgumentException e) {
            err.println("chat-bench: " + e.getMessage());
            usage(err);
            return 2;
        }
        return run(args, chosen);
    }

    static List<Scenario> choose(BenchArgs args) {
        Map<String, Scenario> byName = new LinkedHashMap<>();
        SCENARIOS.forEach(s -> byName.put(s.name(), s));
        List<Scenario> chosen = new ArrayList<>();
        for (String word : args.words()) {
            Scenario s = byName.get(word);
            if (s == null) {
                throw new IllegalArgumentException("no scenario '" + word + "'");
            }
            chosen.add(s);
        }
        Set<String> known = new TreeSet<>(COMMON);
        SCENARIOS.forEach(s -> s.options().forEach(o -> known.add(o.name())));
        for (String option : args.options().keySet()) {
            if (!known.contains(option)) {
                throw new IllegalArgumentException("unknown option --" + option);
            }
        }
        AckMode.of(args); // a bad --acks is a usage error before anything starts
        // The table runs the others itself: "all scenarios" means the others.
        return chosen.isEmpty() ? SCENARIOS.stream().filter(s -> !(s instanceof TableScenario)).toList() : chosen;
    }

    private static int run(BenchArgs args, List<Scenario> chosen) {
        try (BenchContext context = BenchContext.open(args)) {
            return runAll(context, args, chosen, System.out);
        } catch (RuntimeException e) {
            System.err.println("chat-bench: cannot start or reach the system: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Runs each scenario in turn, then prints the table; the exit status: 1 if any scenario failed, else 2 if any had
     * an option value out of range (a usage error, reported without a stack trace), else 0.
     */
    static int runAll(BenchContext context, BenchArgs args, List<Scenario> chosen, PrintStream out) {
        List<ScenarioResult> results = new ArrayList<>();
        boolean failed = false;
        boolean misused = false;
        for (Scenario scenario : chosen) {
            out.println("== " + scenario.name() + ": " + scenario.summary());
            try {
                ScenarioResult r = scenario.run(context, args);
                results.add(r);
                out.println(FrameCodec.mapper().writeValueAsString(r.figures()));
            } catch (IllegalArgumentException badOption) {
                misused = true;
                out.println("FAILED " + scenario.name() + ": " + badOption.getMessage());
            } catch (Exception e) {
                failed = true;
                out.println("FAILED " + scenario.name() + ": " + e.getMessage());
                e.printStackTrace(System.err);
            }
        }
        table(results, out);
        return failed ? 1 : misused ? 2 : 0;
    }

    static void table(List<ScenarioResult> results, PrintStream out) {
        out.println();
        out.printf("%-12s %-8s %-22s %-6s %s%n", "scenario", "target", "", "acks", "result");
        for (ScenarioResult r : results) {
            out.printf("%-12s %-8s %-22s %-6s %s%n", r.scenario(), r.met() ? "met" : "MISSED", r.target(),
                    r.figures().getOrDefault("acks", "-"), r.headline());
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: bin/chat-bench [scenario …] [--option value …]   (all scenarios when none is named)");
        out.println("  --api URL --ws URL --internal-key K   target a running system instead of starting one");
        out.println("  --acks none|delivered|client          how receivers ack what they show: as the reference "
                + "client with the conversation open (default client: delivered and read in one frame), delivered "
                + "only, or not at all");
        out.println("  --ack-window-ms N                     the receivers' ack window, as the reference client's "
                + "(default 100): one frame per conversation per window at most");
        out.println("  --body-bytes N                        bytes of each one-to-one message body (default "
                + BenchBody.DEFAULT_BYTES + ", as the peer harness)");
        out.println("  --broker-heap SIZE                    -Xmx of the broker the benchmark starts (default "
                + BenchContext.DEFAULT_BROKER_HEAP + "; tests use 512m)");
        for (Scenario s : SCENARIOS) {
            out.printf("%n  %-12s %s%n", s.name(), s.summary());
            s.options().forEach(o -> out.printf("    --%-26s %s (default %s)%n", o.name() + " N", o.help(),
                    o.fallback()));
        }
    }
}
