package chat.bench;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How many connections to aim for: every connection is a socket, i.e. an open file, in the broker and in this load
 * generator alike, so the smaller open-file limit of the two caps the run. Aiming below it (instead of running into
 * it) keeps the run clean: a broker out of file descriptors cannot accept and the client would hang on the upgrade.
 *
 * @param aim       connections to open
 * @param limitedBy why {@code aim} is below the requested count, or null when it is not
 */
record ConnectionBudget(int aim, String limitedBy) {
    /**
     * Files kept spare in each process: the broker's pool of connections to the functions (up to 200), jars and
     * logs; this JVM's HTTP client to the API and jars it has not opened yet.
     */
    static final int RESERVE = 256;

    /**
     * One process that holds one end of every connection.
     *
     * @param who            "broker" or "load generator"
     * @param open           files it has open before any connection
     * @param hardCanBeRaised whether this machine lets the hard limit rise (it needs CAP_SYS_RESOURCE)
     */
    record Side(String who, OpenFileLimit limit, int open, boolean hardCanBeRaised) {
        long room() {
            return limit.soft() == OpenFileLimit.UNLIMITED ? Long.MAX_VALUE : limit.soft() - open - RESERVE;
        }

        String why() {
            long room = room();
            String kind = limit.raisable() ? "soft; hard " + limit.hard() + ": it could be started after ulimit -n "
                    + limit.hard() : hardCanBeRaised ? "hard; this user could raise it" : "hard, cannot be raised here";
            return String.format("%s open-file limit %d (%s): room for %,d beside the %d files it has open and %d "
                    + "kept spare", who, limit.soft(), kind, Math.max(0, room), open, RESERVE);
        }
    }

    /**
     * {@code sides} lists the processes that could be measured (the broker only when it runs here). Every side that
     * caps the count is named, the tightest first: with one machine's limit on both ends, the load generator's cap
     * hides the broker's, which is the one the target is about.
     */
    static ConnectionBudget of(int requested, List<Side> sides) {
        List<Side> capping = sides.stream().filter(s -> s.room() < requested)
                .sorted(Comparator.comparingLong(Side::room)).toList();
        if (capping.isEmpty()) {
            return new ConnectionBudget(requested, null);
        }
        long aim = capping.get(0).room();
        return new ConnectionBudget((int) Math.max(0, aim), capping.stream().map(Side::why)
                .collect(Collectors.joining("; ")));
    }
}
