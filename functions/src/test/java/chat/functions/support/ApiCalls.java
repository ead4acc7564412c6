package chat.functions.support;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.Ids;
import chat.model.api.DeviceCreated;
import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The public HTTP API called as a client calls it, for the tests of each area (keys, media, …). */
public final class ApiCalls {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    public ApiCalls(URI base) {
        this.base = base;
    }

    public record Account(String userId, String handle, String password) {
    }

    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return FrameCodec.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String code() {
            return json().path("code").asText();
        }
    }

    /** Registers {@code prefix_<random>} and insists on 201. */
    public Account account(String prefix) throws Exception {
        String handle = prefix + "_" + Ids.random(10);
        String password = "pass-" + handle;
        Answer created = send("POST", "/v1/accounts", null, "{\"handle\":\"" + handle + "\",\"displayName\":\"T\","
                + "\"password\":\"" + password + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Account(created.json().get("userId").asText(), handle, password);
    }

    /** Logs a device of {@code account} in and insists on 201. */
    public DeviceCreated device(Account account) throws Exception {
        Answer d = send("POST", "/v1/devices", null, "{\"handle\":\"" + account.handle() + "\",\"password\":\""
                + account.password() + "\",\"deviceName\":\"test\"}");
        assertThat(d.status()).as(d.body()).isEqualTo(201);
        return FrameCodec.mapper().readValue(d.body(), DeviceCreated.class);
    }

    public Answer send(String method, String path, String bearer, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }
}
