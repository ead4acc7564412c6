package chat.functions.push;

import chat.functions.ChatConfig;
import chat.functions.store.PushTargetsTable.Target;
import chat.model.frames.PushKind;
import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Web Push: the payload is encrypted for the subscription (RFC 8291, aes128gcm) and the request signed with VAPID
 * (RFC 8292) by the com.interaso:webpush library; the HTTP call itself is ours (async JDK client), so its status
 * decides what happens to the target.
 */
@ApplicationScoped
public class WebPushSender implements PushSender {
    /** How long the push service keeps an undelivered notification. */
    private static final int TTL_SECONDS = 24 * 3600;
    private final HttpClient http;
    private final WebPush webPush;
    private final Duration timeout;

    public WebPushSender(ChatConfig config) {
        ChatConfig.Push.WebPush c = config.push().webpush();
        this.webPush = c.publicKey().isPresent() && c.privateKey().isPresent()
                ? new WebPush(c.subject(), VapidKeys.fromUncompressedBytes(c.publicKey().get(), c.privateKey().get()))
                : null;
        this.timeout = config.push().sendTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public PushKind kind() {
        return PushKind.WEBPUSH;
    }

    @Override
    public boolean configured() {
        return webPush != null;
    }

    @Override
    public CompletableFuture<PushResult> send(Target target, PushNotification n) {
        byte[] body = webPush.getBody(n.json().getBytes(StandardCharsets.UTF_8), decode(target.p256dh()),
                decode(target.auth()));
        Map<String, String> headers = webPush.getHeaders(target.endpoint(), TTL_SECONDS, n.collapseKey(),
                WebPush.Urgency.High);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.endpoint())).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> PushResult.ofStatus(r.statusCode()))
                .exceptionally(e -> PushResult.FAILED);
    }

    private static byte[] decode(String base64url) {
        return Base64.getUrlDecoder().decode(base64url.replace("=", ""));
    }
}
