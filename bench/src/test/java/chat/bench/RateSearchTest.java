package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

class RateSearchTest {
    /** The rates tried against a system that holds exactly what {@code holds} says. */
    private static List<Double> tried(RateSearch search, DoublePredicate holds) {
        List<Double> rates = new ArrayList<>();
        for (var r = search.next(); r.isPresent(); r = search.next()) {
            rates.add(r.getAsDouble());
            boolean ok = holds.test(r.getAsDouble());
            search.result(ok, ok ? null : "p99 150 ms");
        }
        return rates;
    }

    @Test
    void stepsUpByTheFactorThenBisectsBetweenTheLastHeldAndTheFirstBroken() {
        RateSearch search = new RateSearch(40, 1.5, 5000, 2);
        assertThat(tried(search, r -> r < 100)).containsExactly(40.0, 60.0, 90.0, 135.0, 113.0, 102.0);
        assertThat(search.held()).isEqualTo(90.0);
        assertThat(search.brokeAt()).isEqualTo(102.0);
        assertThat(search.stop()).isEqualTo("102 msgs/s: p99 150 ms");
    }

    @Test
    void aFirstStepThatBreaksIsBisectedTowardsZero() {
        RateSearch search = new RateSearch(40, 1.5, 5000, 2);
        assertThat(tried(search, r -> r <= 25)).containsExactly(40.0, 20.0, 30.0);
        assertThat(search.held()).isEqualTo(20.0);
        assertThat(search.brokeAt()).isEqualTo(30.0);
    }

    @Test
    void withoutRefinementTheFirstBrokenStepEndsIt() {
        RateSearch search = new RateSearch(10, 2, 5000, 0);
        assertThat(tried(search, r -> r < 50)).containsExactly(10.0, 20.0, 40.0, 80.0);
        assertThat(search.held()).isEqualTo(40.0);
    }

    @Test
    void stopsAtTheMaximumWhenEverythingHolds() {
        RateSearch search = new RateSearch(10, 2, 40, 2);
        assertThat(tried(search, r -> true)).containsExactly(10.0, 20.0, 40.0);
        assertThat(search.held()).isEqualTo(40.0);
        assertThat(search.brokeAt()).isNaN();
        assertThat(search.stop()).isEqualTo("reached the maximum rate");
    }

    @Test
    void bisectionStopsWhenNoWholeRateIsLeftBetween() {
        RateSearch search = new RateSearch(10, 1.1, 5000, 5);
        assertThat(tried(search, r -> r <= 11)).containsExactly(10.0, 11.0, 12.0);
    }
}
