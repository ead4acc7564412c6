package chat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.internal.InternalApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The broker's meters are scraped on the private port only, and count what the broker did. */
@QuarkusTest
class BrokerMetricsTest {
    private static final String KEY = "local-dev-internal-key-change-me";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TestHTTPResource("/")
    URI publicPort;
    @Inject
    InternalPort internalPort;

    @Test
    void thePublicPortDoesNotServeMetrics() throws Exception {
        for (String path : new String[] {"q/metrics", "Q/Metrics", "q/metrics/", "v1/../q/metrics"}) {
            assertThat(get(URI.create(publicPort + path)).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void theInternalPortServesTheConnectionGaugeInPrometheusFormat() throws Exception {
        HttpResponse<String> answer = get(internal("/q/metrics"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).containsPattern("(?m)^chat_broker_connections(\\{[^}]*})? 0\\.0$");
        assertThat(answer.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void everyDeliveryCallbackIsCountedWithTheFramesItWrote() throws Exception {
        double before = value(get(internal("/q/metrics")).body(), "chat_broker_callback_frames_count");
        String batch = "{\"frames\":[\"{}\"],\"deliveries\":[{\"connectionId\":\"gone-1\",\"frames\":[0]}]}";
        HttpResponse<String> callback = HTTP.send(HttpRequest.newBuilder(internal(InternalApi.DELIVERIES_PATH))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header(InternalApi.KEY_HEADER, KEY).POST(HttpRequest.BodyPublishers.ofString(batch)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(callback.statusCode()).isEqualTo(200);
        String after = get(internal("/q/metrics")).body();
        assertThat(value(after, "chat_broker_callback_frames_count")).isEqualTo(before + 1);
        assertThat(after).doesNotContain("gone-1");
    }

    private URI internal(String path) {
        return URI.create("http://127.0.0.1:" + internalPort.port() + path);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double value(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
