package chat.bench;

import java.util.OptionalDouble;

/**
 * Which rate a saturation run tries next: up from {@code start} by {@code factor} while each step holds, then, once
 * one breaks, {@code refine} bisections between the highest rate that held and the lowest that broke — so a limit
 * anywhere from a few msgs/s to thousands is found in a dozen steps, to within (factor - 1) / 2^refine of itself.
 */
final class RateSearch {
    private final double factor;
    private final double max;
    private int refineLeft;
    private double held;
    private double broke = Double.NaN;
    private double next;
    private boolean done;
    private String stop = "reached the maximum rate";

    RateSearch(double start, double factor, double max, int refine) {
        if (start <= 0 || factor <= 1 || max < start || refine < 0) {
            throw new IllegalArgumentException("need start > 0, factor > 1, max >= start, refine >= 0");
        }
        this.factor = factor;
        this.max = max;
        this.refineLeft = refine;
        this.next = start;
    }

    /** The rate to try next, or empty when the search is over. */
    OptionalDouble next() {
        return done ? OptionalDouble.empty() : OptionalDouble.of(next);
    }

    /** The outcome of the step at {@link #next()}; {@code why} says why it broke (null when it held). */
    void result(boolean heldStep, String why) {
        double rate = next;
        if (heldStep) {
            held = Math.max(held, rate);
        } else {
            broke = Double.isNaN(broke) ? rate : Math.min(broke, rate);
            stop = String.format("%.0f msgs/s: %s", rate, why);
        }
        if (Double.isNaN(broke)) {
            double up = Math.round(rate * factor);
            if (up > max) {
                done = true;
            } else {
                next = Math.max(up, rate + 1);
            }
            return;
        }
        if (refineLeft == 0) {
            done = true;
            return;
        }
        double mid = Math.round((held + broke) / 2);
        if (mid <= held || mid >= broke) {
            done = true;
            return;
        }
        refineLeft--;
        next = mid;
    }

    /** The highest rate that held, 0 when none did. */
    double held() {
        return held;
    }

    /** The lowest rate that broke, NaN when none did. */
    double brokeAt() {
        return broke;
    }

    /** Why the search stopped where it did (the first rate that broke and why, or the maximum). */
    String stop() {
        return stop;
    }
}
