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
import org.jboss.logging.Logger;

/**
 * Firebase Cloud Messaging, HTTP v1: {@code POST {base}/v1/projects/{project}/messages:send} with an OAuth 2 bearer
 * token minted from the service account ({@link FcmAccessTokens}) and a data-only message (values must be strings),
 * collapsed per conversation on Android and APNs-via-FCM. FCM answers 404 (UNREGISTERED) for a token that is gone.
 */
@ApplicationScoped
public class FcmSender implements PushSender {
    private static final Logger LOG = Logger.getLogger(FcmSender.class);
    private final HttpClient http;
    private final String baseUrl;
    private final Optional<String> project;
    private final Optional<FcmAccessTokens> tokens;
    private final Duration timeout;

    @jakarta.inject.Inject
    public FcmSender(ChatConfig config) {
        this(config.push().fcm().baseUrl(), config.push().fcm().projectId(), config.push().fcm().serviceAccount(),
                config.push().sendTimeout());
    }

    FcmSender(String baseUrl, Optional<String> project, Optional<String> serviceAccount, Duration timeout) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.tokens = serviceAccount.map(FcmAccessTokens::fromServiceAccountJson);
        this.project = project.or(() -> tokens.flatMap(FcmAccessTokens::projectId));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public PushKind kind() {
        return PushKind.FCM;
    }

    @Override
    public boolean configured() {
        return project.isPresent() && tokens.isPresent();
    }

    @Override
    public CompletableFuture<PushResult> send(Target target, PushNotification n) {
        String bearer;
        try {
            bearer = tokens.get().current();
        } catch (RuntimeException e) {
            // a retry later may find Google's token endpoint back; a refused key stays refused, and says why here
            LOG.warnf("FCM: no OAuth token from the service account: %s", e.getMessage());
            return CompletableFuture.completedFuture(PushResult.FAILED);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/projects/" + project.get()
                        + "/messages:send"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + bearer)
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
