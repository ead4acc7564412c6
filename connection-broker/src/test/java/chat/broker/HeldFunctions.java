package chat.broker;

import chat.model.internal.InternalApi;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A functions tier that answers the broker's bookkeeping calls at once but holds every client frame until the test
 * releases them: what slow functions look like from the broker. Each frame is answered with one {@code acked}
 * frame carrying no reqId.
 */
public class HeldFunctions implements QuarkusTestResourceLifecycleManager {
    static final int MAX_IN_FLIGHT = 2;
    static final String REPLY = "{\"type\":\"acked\",\"conversationId\":\"dm.held\",\"delivered\":0,\"read\":0}";
    private static final AtomicInteger FRAMES_ARRIVED = new AtomicInteger();
    private static volatile CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private ExecutorService executor;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return Map.of("chat.broker.functions-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "chat.broker.admission.max-in-flight", Integer.toString(MAX_IN_FLIGHT),
                "chat.broker.admission.retry-after", "PT0.25S");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestURI().getPath().equals(InternalApi.FRAMES_PATH)) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            FRAMES_ARRIVED.incrementAndGet();
            release.await(60, TimeUnit.SECONDS);
            byte[] body = ("{\"frames\":[" + quoted(REPLY) + "]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Frames that reached the functions so far. */
    static int framesArrived() {
        return FRAMES_ARRIVED.get();
    }

    /** Answers every held frame, and every later one at once, until {@link #hold()}. */
    static void releaseAll() {
        release.countDown();
    }

    /** Holds frames from now on. */
    static void hold() {
        release = new CountDownLatch(1);
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void stop() {
        releaseAll();
        server.stop(0);
        executor.shutdownNow();
    }
}
