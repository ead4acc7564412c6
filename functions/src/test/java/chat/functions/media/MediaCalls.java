package chat.functions.media;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.support.ApiCalls;
import chat.functions.support.ApiCalls.Account;
import chat.functions.support.ApiCalls.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The media calls as a device makes them, against the real functions, and the blob transfers to the store. */
final class MediaCalls {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ApiCalls api;

    MediaCalls(URI base) {
        this.api = new ApiCalls(base);
    }

    record User(String userId, String credential) {
    }

    User newUser() throws Exception {
        Account account = api.account("m");
        return new User(account.userId(), api.device(account).credential());
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
        return api.send(method, path, bearer, json);
    }
}
