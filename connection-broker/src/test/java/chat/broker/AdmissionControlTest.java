package chat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.auth.DeviceTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With the functions tier stalled, the broker lets {@code max-in-flight} frames wait for it and refuses the next
 * ones at once with UNAVAILABLE and retryAfterMs, over real WebSocket connections against a held stand-in.
 */
@QuarkusTest
@QuarkusTestResource(value = HeldFunctions.class, restrictToAnnotatedClass = true)
class AdmissionControlTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeviceTokens TOKENS = new DeviceTokens("local-dev-token-secret-change-me-0123456789");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<WebSocket> sockets = new ArrayList<>();

    @TestHTTPResource("/")
    URI base;
    @Inject
    InternalPort internalPort;
    @Inject
    FrameAdmission admission;

    @AfterEach
    void close() {
        HeldFunctions.releaseAll();
        sockets.forEach(WebSocket::abort);
    }

    @Test
    void framesBeyondTheLimitAreRefusedAtOnceWhileTheFunctionsAreStalledAndAdmittedOnceTheyAnswer()
            throws Exception {
        HeldFunctions.hold();
        Device a = connect(1);
        Device b = connect(2);
        Device c = connect(3);
        double shedBefore = shedCount();

        a.send("{\"type\":\"conversations\",\"reqId\":\"a1\"}");
        b.send("{\"type\":\"conversations\",\"reqId\":\"b1\"}");
        awaitInFlight(HeldFunctions.MAX_IN_FLIGHT);
        c.send("{\"type\":\"conversations\",\"reqId\":\"c1\"}");

        JsonNode refused = c.next();
        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.path("reqId").asText()).isEqualTo("c1");
        assertThat(refused.path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(refused.path("retryable").asBoolean()).isTrue();
        assertThat(refused.path("retryAfterMs").asLong()).isEqualTo(250);
        assertThat(HeldFunctions.framesArrived()).as("the shed frame never reached the functions")
                .isEqualTo(HeldFunctions.MAX_IN_FLIGHT);
        assertThat(shedCount()).isEqualTo(shedBefore + 1);

        HeldFunctions.releaseAll();
        assertThat(a.next().path("type").asText()).isEqualTo("acked");
        assertThat(b.next().path("type").asText()).isEqualTo("acked");
        awaitInFlight(0);
        c.send("{\"type\":\"conversations\",\"reqId\":\"c2\"}");
        assertThat(c.next().path("type").asText()).isEqualTo("acked");
    }

    private void awaitInFlight(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (admission.inFlight() != expected) {
            assertThat(System.nanoTime()).as("in flight never became " + expected).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private double shedCount() throws Exception {
        String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + internalPort.port()
                + "/q/metrics")).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^chat_broker_frames_shed_total(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private Device connect(int n) throws Exception {
        String user = String.format("u%016d", n);
        String device = String.format("d%016d", n);
        Device d = new Device();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer " + TOKENS.issue(user, device, Instant.now(), Duration.ofMinutes(5)))
                .connectTimeout(WAIT)
                .buildAsync(URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/v1/ws"), d)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        sockets.add(socket);
        d.socket = socket;
        assertThat(d.next().path("type").asText()).isEqualTo("hello");
        return d;
    }

    /** One device's connection: the frames it receives, in order. */
    private static final class Device implements WebSocket.Listener {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        void send(String frame) {
            socket.sendText(frame, true).join();
        }

        JsonNode next() throws Exception {
            String frame = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(frame).as("a frame within " + WAIT).isNotNull();
            return JSON.readTree(frame);
        }
    }
}
