package chat.functions.push;

import chat.functions.ChatConfig;
import chat.functions.store.PushTargetsTable.Target;
import chat.model.frames.FrameCodec;
import chat.model.frames.PushKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Firebase Cloud Messaging, HTTP v1: {@code POST {base}/v1/projects/{project}/messages:send} with an OAuth 2 bearer
 * token and a data-only message (values must be strings), collapsed per conversation on Android and APNs-via-FCM.
 * FCM answers 404 (UNREGISTERED) for a token that is gone.
 */
@ApplicationScoped
public class FcmSender implements PushSender {
    private final HttpClient http;
    private final String baseUrl;
    private final Optional<String> project;
    private final Optional<String> accessToken;
    private final Duration timeout;

    @jakarta.inject.Inject
    public FcmSender(ChatConfig config) {
        this(config.push().fcm().baseUrl(), config.push().fcm().projectId(), config.push().fcm().accessToken(),
                config.push().sendTimeout());
    }

    FcmSender(String baseUrl, Optional<String> project, Optional<String> accessToken, Duration timeout) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.project = project;
        this.accessToken = accessToken;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public PushKind kind() {
        return PushKind.FCM;
    }

    @Override
    public boolean configured() {
        return project.isPresent() && accessToken.isPresent();
    }

    @Override
    public CompletableFuture<PushResult> send(Target target, PushNotification n) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/projects/" + project.get()
                        + "/messages:send"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + accessToken.get())
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body(target, n)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> PushResult.ofStatus(r.statusCode()))
                .exceptionally(e -> PushResult.FAILED);
    }

    static String body(Target target, PushNotification n) {
        Map<String, String> data = new LinkedHashMap<>();
        n.fields().forEach((k, v) -> data.put(k, String.valueOf(v)));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("token", target.token());
        message.put("data", data);
        message.put("android", Map.of("collapse_key", n.collapseKey(), "priority", "HIGH"));
        message.put("apns", Map.of("headers", Map.of("apns-collapse-id", n.collapseKey())));
        try {
            return FrameCodec.mapper().writeValueAsString(Map.of("message", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
