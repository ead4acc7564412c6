package chat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A draining broker (what SIGTERM starts) admits nothing new; the e2e BrokerDrainTest covers the whole drain. */
@QuarkusTest
class DrainTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    Drain drain;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void startDraining() {
        drain.drain(); // holds no connection, so returns at once; idempotent
    }

    @Test
    void aDrainingBrokerRefusesUpgradesWith503Unavailable() {
        URI ws = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/v1/ws");
        Throwable refused = catchThrowable(() -> HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer not-even-a-token").connectTimeout(Duration.ofSeconds(10))
                .buildAsync(ws, new WebSocket.Listener() { }).join());
        assertThat(refused).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(WebSocketHandshakeException.class);
        HttpResponse<?> answer = ((WebSocketHandshakeException) refused.getCause()).getResponse();
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("X-Chat-Error")).contains("UNAVAILABLE");
        assertThat(answer.headers().firstValue("X-Chat-Error-Message").orElseThrow()).contains("shutting down");
    }

    @Test
    void aDrainingBrokerReportsItselfNotReady() throws Exception {
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"accepting-connections\"");
        assertThat(ready.body().replaceAll("\\s", ""))
                .contains("\"name\":\"accepting-connections\",\"status\":\"DOWN\"");
    }
}
