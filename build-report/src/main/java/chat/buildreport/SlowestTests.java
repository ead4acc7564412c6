package chat.buildreport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints where a build's test time went: the slowest test classes (a Quarkus test class's time includes starting the
 * application), the slowest test cases and each module's total. Run by Maven as the last module's {@code verify}.
 */
public final class SlowestTests {
    private SlowestTests() {}

    /** Arguments: the repository root, the build's start (ISO-8601 instant), how many classes and cases to list. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: SlowestTests <repository root> <build start> <count>");
        }
        Instant since;
        try {
            since = Instant.parse(args[1]);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("build start is not an ISO-8601 instant: " + args[1], e);
        }
        int count = Integer.parseInt(args[2]);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        print(SurefireReports.read(Path.of(args[0]), since), count, System.out);
    }

    static void print(SurefireReports reports, int count, PrintStream out) {
        List<SurefireReports.Suite> suites = reports.suites();
        double total = suites.stream().mapToDouble(SurefireReports.Suite::seconds).sum();
        out.printf(Locale.ROOT, "%nTest time of this build: %s in %s, %s%n", duration(total),
                count(suites.size(), "class", "classes"),
                count(suites.stream().mapToInt(SurefireReports.Suite::tests).sum(), "test", "tests"));
        if (suites.isEmpty()) {
            return;
        }
        Map<String, Double> perModule = new TreeMap<>();
        suites.forEach(s -> perModule.merge(s.module(), s.seconds(), Double::sum));
        out.println("By module:");
        perModule.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(m -> out.printf(Locale.ROOT, "  %9s  %s%n", duration(m.getValue()), m.getKey()));

        out.println("Slowest test classes:");
        suites.stream().sorted(Comparator.comparingDouble(SurefireReports.Suite::seconds).reversed()).limit(count)
                .forEach(s -> out.printf(Locale.ROOT, "  %9s  %s (%s, %s)%n", duration(s.seconds()),
                        simpleName(s.name()), s.module(), count(s.tests(), "test", "tests")));

        List<SurefireReports.Case> cases = reports.cases();
        out.println("Slowest test cases:");
        cases.stream().sorted(Comparator.comparingDouble(SurefireReports.Case::seconds).reversed()).limit(count)
                .forEach(c -> out.printf(Locale.ROOT, "  %9s  %s.%s (%s)%n", duration(c.seconds()),
                        simpleName(c.className()), c.name(), c.module()));
        reports.unreadable().forEach(p -> out.println("  (unreadable report left out: " + p + ")"));
    }

    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
