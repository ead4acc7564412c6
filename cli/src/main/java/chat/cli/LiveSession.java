package chat.cli;

import chat.client.ChatConnection;
import chat.client.ChatDevice;
import chat.client.NotConnectedException;
import chat.client.ResendPolicy;
import chat.client.Retrier;
import chat.client.store.LocalStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The device of a running {@code watch} or {@code chat}, as the one-shot commands it takes see it: their requests go
 * over its connection (waiting while it reconnects), their sends through its outbox.
 */
final class LiveSession implements AutoCloseable {
    private final ChatDevice device;
    private final ProfileStore store;
    private final LocalStore localStore;
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-session-retry");
        t.setDaemon(true);
        return t;
    });

    LiveSession(ChatDevice device, ProfileStore store, LocalStore localStore) {
        this.device = device;
        this.store = store;
        this.localStore = localStore;
    }

    ProfileStore store() {
        return store;
    }

    /** The session's local store, open while it runs (the session's command closes it, after the device). */
    LocalStore localStore() {
        return localStore;
    }

    ChatDevice device() {
        return device;
    }

    /** One request on the live connection, resent as {@link ResendPolicy#defaults()} says after a retryable failure. */
    <T> T request(Function<ChatConnection, CompletableFuture<T>> request) throws Exception {
        try {
            return new Retrier(ResendPolicy.defaults(), retryTimer).run(() -> device.awaitOnline()
                    .thenCompose(v -> device.connection()
                            .map(request)
                            .orElseGet(() -> CompletableFuture.failedFuture(
                                    new NotConnectedException("not connected")))))
                    .get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    DeviceLease lease(ChatDevice.Listener listener) {
        return DeviceLease.shared(device, listener);
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
    }
}
