package chat.bench;

import chat.system.ChatSystem;
import chat.system.SystemOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The system under test: one this benchmark started (in memory, on this machine) or one already running, named by
 * {@code --api}, {@code --ws} and {@code --internal-key}.
 */
final class BenchContext implements AutoCloseable {
    static final String DEFAULT_INTERNAL_KEY = "local-dev-internal-key-change-me";
    private final ChatSystem system;
    private final URI api;
    private final List<URI> brokers;
    private final String internalKey;
    private final BenchAccounts accounts;

    private BenchContext(ChatSystem system, URI api, List<URI> brokers, String internalKey) {
        this.system = system;
        this.api = api;
        this.brokers = List.copyOf(brokers);
        this.internalKey = internalKey;
        this.accounts = new BenchAccounts(api);
    }

    static BenchContext open(BenchArgs args) {
        String key = args.text("internal-key", DEFAULT_INTERNAL_KEY);
        if (args.has("api")) {
            return new BenchContext(null, URI.create(args.text("api", null)),
                    List.of(URI.create(args.text("ws", "ws://127.0.0.1:8080/v1/ws"))), key);
        }
        ChatSystem system = ChatSystem.start(SystemOptions.forTests(Path.of("target", "bench-logs")));
        return new BenchContext(system, system.api(), List.of(system.ws()), key);
    }

    /** A system someone else started and will stop (tests). */
    static BenchContext of(ChatSystem running) {
        return new BenchContext(null, running.api(), List.of(running.ws()), DEFAULT_INTERNAL_KEY);
    }

    /** The system this benchmark started, or null when it targets a running one. */
    ChatSystem system() {
        return system;
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

    FunctionsStats stats() {
        return new FunctionsStats(api, internalKey);
    }

    @Override
    public void close() {
        if (system != null) {
            system.close();
        }
    }
}
