package chat.e2e;

import chat.system.ChatSystem;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps one running system per key for the whole test run, started (and warmed up, see {@link Warmup}) on first use
 * and stopped when the JVM's tests end.
 */
final class SystemHolder implements ExtensionContext.Store.CloseableResource {
    private final ChatSystem system;

    private SystemHolder(ChatSystem system) {
        this.system = system;
    }

    static ChatSystem get(ExtensionContext context, Class<?> key, Supplier<ChatSystem> start) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(key, k -> new SystemHolder(Warmup.of(start.get())), SystemHolder.class).system;
    }

    @Override
    public void close() {
        system.close();
    }
}
