package chat.functions.media;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.Ids;
import chat.model.api.DeviceCreated;
import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The media calls as a device makes them, against the real functions, and the blob transfers to the store. */
final class MediaCalls {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    MediaCalls(URI base) {
        this.base = base;
    }

    record User(String userId, String credential) {
    }

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return FrameCodec.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String code() {
            return json().path("code").asText();
        }
    }

    User newUser() throws Exception {
        String handle = "m_" + Ids.random(10);
        String password = "pass-" + handle;
        Answer created = send("POST", "/v1/accounts", null, "{\"handle\":\"" + handle + "\",\"displayName\":\"M\","
                + "\"password\":\"" + password + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Answer d = send("POST", "/v1/devices", null, "{\"handle\":\"" + handle + "\",\"password\":\"" + password
                + "\",\"deviceName\":\"test\"}");
        assertThat(d.status()).as(d.body()).isEqualTo(201);
        return new User(created.json().get("userId").asText(),
                FrameCodec.mapper().readValue(d.body(), DeviceCreated.class).credential());
    }

    Answer open(User u, String conversationId, long size) throws Exception {
        return send("POST", "/v1/attachments", u.credential(),
                "{\"conversationId\":\"" + conversationId + "\",\"size\":" + size + "}");
    }

    /** Opens a slot and insists on 201; answers the attachment id. */
    String opened(User u, String conversationId, long size) throws Exception {
        Answer a = open(u, conversationId, size);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json().get("attachmentId").asText();
    }

    Answer plan(User u, String id) throws Exception {
        return send("GET", "/v1/attachments/" + id + "/upload", u.credential(), null);
    }

    Answer complete(User u, String id) throws Exception {
        return send("POST", "/v1/attachments/" + id + "/complete", u.credential(), "{}");
    }

    Answer download(User u, String id) throws Exception {
        return send("GET", "/v1/attachments/" + id, u.credential(), null);
    }

    /** PUTs {@code body} to a presigned URL; answers the store's status. */
    static int put(String url, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    Answer send(String method, String path, String bearer, String json) throws Exception {
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
