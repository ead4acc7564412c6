package chat.functions.lambda;

import chat.localstack.LocalStack;
import chat.localstack.LocalStackConfig;
import chat.functions.push.FakeGoogleTokenEndpoint;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The functions against an in-memory local stack (dynalite + ElasticMQ), with the long-poll workers and the reaper's
 * timer off (as on Lambda, so only the handlers under test touch the queues and tables), and FCM pointed at a local
 * server that records what it is sent.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {
    static final String FCM_PROJECT = "chat-test";
    /** Request paths the stand-in FCM server received. */
    static final List<String> FCM_REQUESTS = new CopyOnWriteArrayList<>();
    private LocalStack stack;
    private HttpServer fcm;

    @Override
    public Map<String, String> start() {
        stack = new LocalStack(LocalStackConfig.inMemory(null)).start();
        try {
            fcm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fcm.createContext("/", ex -> {
            try (ex) {
                FCM_REQUESTS.add(ex.getRequestURI().getPath());
                byte[] answer = "{\"name\":\"projects/chat-test/messages/1\"}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
            }
        });
        String fcmUrl = "http://127.0.0.1:" + fcm.getAddress().getPort();
        FakeGoogleTokenEndpoint google = FakeGoogleTokenEndpoint.on(fcm, fcmUrl);
        fcm.start();
        return Map.ofEntries(
                Map.entry("quarkus.dynamodb.endpoint-override", stack.dynamoEndpoint().toString()),
                Map.entry("quarkus.sqs.endpoint-override", stack.sqsEndpoint().toString()),
                Map.entry("quarkus.s3.endpoint-override", stack.s3Endpoint().toString()),
                Map.entry("quarkus.http.test-port", "0"),
                Map.entry("chat.fanout.enabled", "false"),
                Map.entry("chat.push.enabled", "false"),
                Map.entry("chat.presence.reaper-enabled", "false"),
                Map.entry("chat.push.fcm.base-url", fcmUrl),
                Map.entry("chat.push.fcm.service-account", google.serviceAccountJson(FCM_PROJECT)));
    }

    @Override
    public void stop() {
        if (fcm != null) {
            fcm.stop(0);
        }
        if (stack != null) {
            stack.close();
        }
    }
}
