package chat.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The bearer a device connects with: a short-lived token from the REST API, cached until shortly before it expires,
 * or — without an API — the credential itself. Confined to the device's event thread.
 */
final class TokenCache {
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final ChatHttpApi api;
    private final String credential;
    private final Executor loop;
    private String token;
    private long expiresAt;

    /** @param loop the device's event thread: a fetched token is stored there */
    TokenCache(ChatHttpApi api, String credential, Executor loop) {
        this.api = api;
        this.credential = credential;
        this.loop = loop;
    }

    /** Whether a refused token can be replaced by a fresh one (there is an API to ask). */
    boolean refreshable() {
        return api != null;
    }

    CompletableFuture<String> bearer() {
        if (api == null) {
            return CompletableFuture.completedFuture(credential);
        }
        if (token != null && expiresAt - System.currentTimeMillis() > MARGIN.toMillis()) {
            return CompletableFuture.completedFuture(token);
        }
        return api.tokenAsync(credential).thenApplyAsync(t -> {
            token = t.token();
            expiresAt = t.expiresAt();
            return t.token();
        }, loop);
    }

    /** The broker refused the token: the next connect fetches another. */
    void invalidate() {
        token = null;
    }
}
