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
import org.junit.jupiter.api.Test;

/**
 * The delivery callback is served on the internal port only: the public port, which the internet-facing load
 * balancer forwards, refuses every {@code /internal/*} path, and the internal port serves nothing else.
 */
@QuarkusTest
class InternalPortTest {
    private static final String KEY = "local-dev-internal-key-change-me";
    private static final String BATCH =
            "{\"frames\":[\"{}\"],\"deliveries\":[{\"connectionId\":\"gone-1\",\"frames\":[0]}]}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TestHTTPResource("/")
    URI publicPort;
    @Inject
    InternalPort internalPort;
    @Inject
    NodeIdentity node;

    @Test
    void thePublicPortRefusesTheDeliveryCallbackEvenWithTheKey() throws Exception {
        HttpResponse<String> answer = post(publicPort.resolve(InternalApi.DELIVERIES_PATH), KEY);
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("unknownConnections");
    }

    @Test
    void thePublicPortRefusesEverySpellingOfAnInternalPath() throws Exception {
        for (String path : new String[] {"/internal/v1/deliveries/", "/INTERNAL/v1/deliveries",
                "/v1/../internal/v1/deliveries", "/%69nternal/v1/deliveries", "/internal/anything"}) {
            assertThat(post(URI.create(publicPort + path.substring(1)), KEY).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void theInternalPortAcceptsTheDeliveryCallbackWithTheKey() throws Exception {
        HttpResponse<String> answer = post(internal(InternalApi.DELIVERIES_PATH), KEY);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"unknownConnections\":[\"gone-1\"],\"reached\":[]}");
    }

    @Test
    void theInternalPortStillWantsTheKey() throws Exception {
        assertThat(post(internal(InternalApi.DELIVERIES_PATH), "not-the-key").statusCode()).isEqualTo(401);
    }

    @Test
    void theInternalPortServesNothingButThePrivateApi() throws Exception {
        for (String path : new String[] {"/q/health/ready", "/v1/ws"}) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(internal(path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void theCallbackUrlTheBrokerRegistersPointsAtTheInternalPort() {
        assertThat(node.callbackUrl()).isEqualTo("http://127.0.0.1:" + internalPort.port());
        assertThat(internalPort.port()).isNotEqualTo(publicPort.getPort());
    }

    private URI internal(String path) {
        return URI.create("http://127.0.0.1:" + internalPort.port() + path);
    }

    private static HttpResponse<String> post(URI uri, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header(InternalApi.KEY_HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString(BATCH)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
