package chat.bench;

import chat.system.ChatSystem;
import chat.system.ManagedProcess;
import chat.system.SystemOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The system under test: one this benchmark started (in memory, on this machine) or one already running, named by
 * {@code --api}, {@code --ws} and {@code --internal-key}.
 */
final class BenchContext implements AutoCloseable {
    static final String DEFAULT_INTERNAL_KEY = "local-dev-internal-key-change-me";
    /**
     * The broker's heap when the benchmark starts the system: the default 512m of tests is too small for tens of
     * thousands of connections, and a benchmark must measure the broker, not its garbage collector under pressure.
     */
    static final String DEFAULT_BROKER_HEAP = "2g";
    private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    private final ChatSystem system;
    private final boolean owned;
    private final URI api;
    private final List<URI> brokers;
    private final String internalKey;
    private final BenchAccounts accounts;

    private BenchContext(ChatSystem system, boolean owned, URI api, List<URI> brokers, String internalKey) {
        this.system = system;
        this.owned = owned;
        this.api = api;
        this.brokers = List.copyOf(brokers);
        this.internalKey = internalKey;
        this.accounts = new BenchAccounts(api);
    }

    static BenchContext open(BenchArgs args) {
        String key = args.text("internal-key", DEFAULT_INTERNAL_KEY);
        if (args.has("api")) {
            return new BenchContext(null, false, URI.create(args.text("api", null)),
                    List.of(URI.create(args.text("ws", "ws://127.0.0.1:8080/v1/ws"))), key);
        }
        String heap = args.text("broker-heap", DEFAULT_BROKER_HEAP);
        if (!HEAP_SIZE.matcher(heap).matches()) {
            throw new IllegalArgumentException("--broker-heap must be a size like 2g or 1536m, not '" + heap + "'");
        }
        // The local stack in a process of its own, so that ElasticMQ's CPU is not counted as the load generator's.
        // Metering on: the cost figures come from the functions' AWS call and capacity unit counts.
        ChatSystem system = ChatSystem.start(SystemOptions.forTests(Path.of("target", "bench-logs")).withMetering()
                .withBrokerJvmOptions(List.of("-Xmx" + heap)).withLocalStackProcess());
        return new BenchContext(system, true, system.api(), List.of(system.ws()), key);
    }

    /** A system someone else started and will stop (tests); its processes can still be measured. */
    static BenchContext of(ChatSystem running) {
        return new BenchContext(running, false, running.api(), List.of(running.ws()), DEFAULT_INTERNAL_KEY);
    }

    /** The system running on this machine (its processes can be measured), or null when given by URLs. */
    ChatSystem system() {
        return system;
    }

    /**
     * The processes whose CPU time the cost figures name, by role: "functions" and "broker" (every instance),
     * "dynalite", and "elasticmq" when the local stack runs in a process of its own. Empty when the system runs
     * elsewhere ({@code --api}): only the load generator can be measured then.
     */
    Map<String, List<Long>> processIds() {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        if (system == null) {
            return out;
        }
        List<Long> functions = new ArrayList<>();
        List<Long> brokers = new ArrayList<>();
        for (ManagedProcess p : system.processes()) {
            (p.name().startsWith("functions") ? functions : brokers).add(p.pid());
        }
        out.put(CostMeter.FUNCTIONS, functions);
        out.put(CostMeter.BROKER, brokers);
        out.put(CostMeter.DYNALITE, List.of(system.dynalitePid()));
        system.localStackPid().ifPresent(pid -> out.put(CostMeter.ELASTICMQ, List.of(pid)));
        return out;
    }

    /** True when ElasticMQ runs inside this JVM (a test's system), where only its threads can be measured. */
    boolean elasticMqEmbedded() {
        return system != null && system.localStackPid().isEmpty();
    }

    URI api() {
        return api;
    }

    URI ws() {
        return brokers.get(0);
    }

    BenchAccounts accounts() {
        return accounts;
    }

    /** The inter-tier key, for the private APIs (functions' stats, the broker's delivery callback). */
    String internalKey() {
        return internalKey;
    }

    /**
     * The first broker's private API (the delivery callback): its internal port when this machine runs the system,
     * else the default internal port (8090) on the WebSocket's host.
     */
    URI brokerInternal() {
        if (system != null) {
            return system.brokerInternal(0);
        }
        URI ws = brokers.get(0);
        return URI.create("http://" + ws.getHost() + ":8090");
    }

    FunctionsStats stats() {
        return new FunctionsStats(api, internalKey);
    }

    @Override
    public void close() {
        if (owned) {
            system.close();
        }
    }
}
