package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.internal.InternalApi;
import chat.system.ChatSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker's delivery callback, called as the functions call it, with batches it must refuse or answer. */
@ExtendWith(SharedSystem.class)
class DeliveryApiTest {
    private static final String KEY = "local-dev-internal-key-change-me";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aBatchTheBrokerCannotReadIsAnsweredWithTheReasonAndAStableCode(ChatSystem system) throws Exception {
        String[] unreadable = {
            "{\"frames\":[],\"deliveries\":[{\"connectionId\":\"c1\",\"frames\":[0]}]}",
            "{\"frames\":[\"x\"],\"deliveries\":[{\"frames\":[0]}]}",
            "{\"deliveries\":\"all of them\"}",
            "null",
            "{\"frames\":[\"x\"",
        };
        for (String body : unreadable) {
            HttpResponse<String> answer = post(system, KEY, body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.body()).as(body).contains("INVALID_FIELD", "unreadable delivery batch");
        }
        assertThat(post(system, KEY, unreadable[0]).body()).contains("names frame 0 of 0");
    }

    @Test
    void aCallerWithoutTheKeyIsRefusedBeforeItsBatchIsRead(ChatSystem system) throws Exception {
        HttpResponse<String> answer = post(system, "not-the-key", "{\"frames\":[\"x\"");
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("UNAUTHENTICATED");
    }

    @Test
    void aConnectionTheBrokerDoesNotHoldIsNamedInTheAnswer(ChatSystem system) throws Exception {
        HttpResponse<String> answer = post(system, KEY,
                "{\"frames\":[\"{}\"],\"deliveries\":[{\"connectionId\":\"gone-1\",\"frames\":[0]}]}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"unknownConnections\":[\"gone-1\"],\"reached\":[]}");
    }

    @Test
    void theBrokersPublicPortRefusesTheDeliveryCallbackEvenWithTheKey(ChatSystem system) throws Exception {
        URI publicPort = URI.create("http://127.0.0.1:" + system.ws().getPort());
        HttpResponse<String> answer = post(publicPort, KEY,
                "{\"frames\":[\"{}\"],\"deliveries\":[{\"connectionId\":\"gone-1\",\"frames\":[0]}]}");
        assertThat(answer.statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> post(ChatSystem system, String key, String body) throws Exception {
        return post(system.brokerInternal(0), key, body);
    }

    private static HttpResponse<String> post(URI broker, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(broker.resolve(InternalApi.DELIVERIES_PATH))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header(InternalApi.KEY_HEADER, key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
