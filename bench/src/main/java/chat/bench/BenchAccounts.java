package chat.bench;

import chat.client.ChatConnection;
import chat.client.ChatHttpApi;
import chat.client.ConnectionOptions;
import chat.model.Ids;
import chat.model.api.AddDeviceRequest;
import chat.model.api.RegisterAccountRequest;
import chat.model.frames.ServerFrame;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Registers throw-away accounts with one device each and connects them, as real clients do. */
final class BenchAccounts {
    static final String PASSWORD = "bench-password";
    /** Registration and connecting wait on the network, not on this JVM's CPU. */
    private static final int PARALLELISM = 16;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final ChatHttpApi http;

    BenchAccounts(URI api) {
        this.http = new ChatHttpApi(api);
    }

    record Account(String userId, String handle, String credential) {
    }

    ChatHttpApi http() {
        return http;
    }

    Account register(String prefix) {
        String handle = (prefix + "_" + Ids.random(10)).toLowerCase();
        String userId = http.register(new RegisterAccountRequest(handle, prefix, PASSWORD)).userId();
        return new Account(userId, handle, http.addDevice(new AddDeviceRequest(handle, PASSWORD, "bench")).credential());
    }

    /** Another device of {@code account} (logged in with the password), as its own Account. */
    Account addDevice(Account account, String name) {
        return new Account(account.userId(), account.handle(),
                http.addDevice(new AddDeviceRequest(account.handle(), PASSWORD, name)).credential());
    }

    List<Account> registerMany(String prefix, int count) {
        return parallel(count, i -> register(prefix));
    }

    /**
     * Connects with a fresh token and waits for hello. Frames go to {@code listener} only (nothing is recorded, so a
     * long run does not pile frames up); requests still get their answers.
     */
    ChatConnection connect(Account account, URI ws, Consumer<ServerFrame> listener) throws Exception {
        String token = http.token(account.credential()).token();
        ConnectionOptions options = ConnectionOptions.defaults()
                .withRequestTimeout(TIMEOUT).withListener(listener);
        ChatConnection c = ChatConnection.open(ws, token, TIMEOUT, options).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        c.hello().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return c;
    }

    interface Indexed<T> {
        T apply(int index) throws Exception;
    }

    /** Runs {@code task} for 0..count-1 on a small pool; results in index order; the first failure fails all. */
    static <T> List<T> parallel(int count, Indexed<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLELISM, count)));
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> task.apply(index)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof BenchFailure failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
