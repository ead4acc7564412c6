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
import chat.broker.FunctionsEndpoints.Endpoint;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.ConnectException;
import java.util.function.Consumer;

/**
 * Non-blocking client of the functions tier's private API. Calls are spread over the configured functions instances
 * ({@link FunctionsEndpoints}); a call refused at connect (the request never left) goes to another instance at once,
 * any other transport failure fails the call (the client retries, with the same clientMsgId for a send) and keeps
 * that instance out of rotation for a while.
 */
@ApplicationScoped
public class FunctionsClient {
    private final WebClient client;
    private final FunctionsEndpoints endpoints;
    private final String key;
    private final long timeoutMillis;

    public FunctionsClient(Vertx vertx, BrokerConfig config) {
        this.endpoints = new FunctionsEndpoints(config.broker().functionsUrl(), config.broker().functionsDownFor(),
                System::nanoTime);
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
                .setMaxPoolSize(FrameAdmission.POOL_SIZE)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.broker().functionsTimeout().toMillis())));
        this.key = config.internal().key();
        this.timeoutMillis = config.broker().functionsTimeout().toMillis();
    }

    /** Hands a client's frame to the functions; the answer is the frames to send back, in order. */
    public Uni<FrameReplies> frame(String userId, String deviceId, String connectionId, String text) {
        return call(HttpMethod.POST, InternalApi.FRAMES_PATH, r -> r
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .putHeader(InternalApi.USER_HEADER, userId)
                        .putHeader(InternalApi.DEVICE_HEADER, deviceId)
                        .putHeader(InternalApi.CONNECTION_HEADER, connectionId),
                Buffer.buffer(text))
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
        Buffer json;
        try {
            json = Buffer.buffer(FrameCodec.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return call(method, path, r -> r.putHeader("Content-Type", "application/json"), json);
    }

    /** One call, on the next instance in turn; again on another one if the first refused the connection. */
    private Uni<HttpResponse<Buffer>> call(HttpMethod method, String path, Consumer<HttpRequest<Buffer>> headers,
            Buffer body) {
        Endpoint first = endpoints.pick();
        return send(first, method, path, headers, body)
                .onFailure(FunctionsClient::neverSent).recoverWithUni(e -> {
                    Endpoint other = endpoints.alternativeTo(first);
                    return other == null ? Uni.createFrom().failure(e) : send(other, method, path, headers, body);
                });
    }

    private Uni<HttpResponse<Buffer>> send(Endpoint endpoint, HttpMethod method, String path,
            Consumer<HttpRequest<Buffer>> headers, Buffer body) {
        HttpRequest<Buffer> request = client.request(method, new RequestOptions().setHost(endpoint.host())
                        .setPort(endpoint.port()).setSsl(endpoint.ssl()).setURI(endpoint.uri(path)))
                .putHeader(InternalApi.KEY_HEADER, key)
                .timeout(timeoutMillis);
        headers.accept(request);
        return request.sendBuffer(body)
                .invoke(r -> endpoints.markUp(endpoint))
                .onFailure().invoke(e -> endpoints.markDown(endpoint));
    }

    /** Refused at connect: nothing was sent, so the call may go elsewhere whatever it was. */
    private static boolean neverSent(Throwable e) {
        return e instanceof ConnectException;
    }

    private static <T> T read(HttpResponse<Buffer> r, Class<T> type) {
        expectSuccess(r);
        try {
            return FrameCodec.internalMapper().readValue(r.bodyAsString(), type);
        } catch (IOException e) {
            throw new FunctionsException(r.statusCode(), "unreadable answer from functions: " + e.getMessage());
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
