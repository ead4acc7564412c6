package chat.broker;

import chat.model.auth.DevicePrincipal;
import chat.model.frames.FrameCodec;
import chat.model.internal.BrokerHeartbeat;
import chat.model.internal.ConnectionClosed;
import chat.model.internal.ConnectionOpened;
import chat.model.internal.CredentialCheck;
import chat.model.internal.FrameReplies;
import chat.model.internal.InternalApi;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;

/** Non-blocking client of the functions tier's private API. */
@ApplicationScoped
public class Functions {
    private final WebClient client;
    private final URI base;
    private final String key;
    private final long timeoutMillis;

    public Functions(Vertx vertx, BrokerConfig config) {
        this.base = URI.create(config.broker().functionsUrl());
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(200)
                .setDefaultHost(base.getHost()).setDefaultPort(base.getPort()));
        this.key = config.internal().key();
        this.timeoutMillis = config.broker().functionsTimeout().toMillis();
    }

    /** Hands a client's frame to the functions; the answer is the frames to send back, in order. */
    public Uni<FrameReplies> frame(String userId, String deviceId, String connectionId, String text) {
        return request(HttpMethod.POST, InternalApi.FRAMES_PATH)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader(InternalApi.USER_HEADER, userId)
                .putHeader(InternalApi.DEVICE_HEADER, deviceId)
                .putHeader(InternalApi.CONNECTION_HEADER, connectionId)
                .sendBuffer(Buffer.buffer(text))
                .map(r -> read(r, FrameReplies.class));
    }

    public Uni<DevicePrincipal> authenticate(String credential) {
        return sendJson(HttpMethod.POST, InternalApi.AUTH_PATH, new CredentialCheck(credential))
                .map(r -> read(r, DevicePrincipal.class));
    }

    public Uni<Void> opened(ConnectionOpened opened) {
        return sendJson(HttpMethod.POST, InternalApi.CONNECTIONS_PATH, opened).map(r -> {
            expectSuccess(r);
            return null;
        });
    }

    public Uni<Void> heartbeat(BrokerHeartbeat beat) {
        return sendJson(HttpMethod.POST, InternalApi.BROKERS_PATH, beat).map(r -> {
            expectSuccess(r);
            return null;
        });
    }

    public Uni<Void> closed(ConnectionClosed closed) {
        return sendJson(HttpMethod.DELETE, InternalApi.CONNECTIONS_PATH, closed).map(r -> {
            expectSuccess(r);
            return null;
        });
    }

    private Uni<HttpResponse<Buffer>> sendJson(HttpMethod method, String path, Object body) {
        try {
            return request(method, path).putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(FrameCodec.mapper().writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private HttpRequest<Buffer> request(HttpMethod method, String path) {
        return client.request(method, base.getPort(), base.getHost(), path)
                .putHeader(InternalApi.KEY_HEADER, key)
                .timeout(timeoutMillis);
    }

    private static <T> T read(HttpResponse<Buffer> r, Class<T> type) {
        expectSuccess(r);
        try {
            return FrameCodec.mapper().readValue(r.bodyAsString(), type);
        } catch (IOException e) {
            throw new FunctionsException(r.statusCode(), "unreadable answer from functions");
        }
    }

    private static void expectSuccess(HttpResponse<Buffer> r) {
        if (r.statusCode() / 100 != 2) {
            throw new FunctionsException(r.statusCode(), r.bodyAsString());
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The functions tier answered with a non-2xx status. */
    public static final class FunctionsException extends RuntimeException {
        private final int status;

        FunctionsException(int status, String body) {
            super("functions answered " + status + ": " + body, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
