package chat.bench;

import java.util.List;

/** One benchmark scenario of {@code bin/chat-bench}. */
interface Scenario {
    /** The word that selects it on the command line. */
    String name();

    /** One line for the usage text. */
    String summary();

    /** Its options, all prefixed with the scenario's name. */
    List<Option> options();

    /** Runs it; throws {@link BenchFailure} when anything is lost, duplicated or reordered. */
    ScenarioResult run(BenchContext context, BenchArgs args) throws Exception;

    record Option(String name, String fallback, String help) {
    }
}
