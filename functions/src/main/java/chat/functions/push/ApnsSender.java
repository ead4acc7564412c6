package chat.functions.push;

import chat.functions.ChatConfig;
import chat.functions.store.PushTargetsTable.Target;
import chat.model.frames.FrameCodec;
import chat.model.frames.PushKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * APNs provider API over HTTP/2: {@code POST {base}/3/device/{token}} with {@code apns-topic}, {@code apns-push-type:
 * alert}, {@code apns-collapse-id} and {@code authorization: bearer <ES256 JWT>} (iss = team id, kid = key id,
 * re-signed every 40 minutes: APNs refuses tokens older than an hour and more frequent than every 20 minutes).
 * APNs answers 410 (Unregistered) for a token that is gone.
 */
@ApplicationScoped
public class ApnsSender implements PushSender {
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(40);
    private final HttpClient http;
    private final String baseUrl;
    private final Optional<String> topic;
    private final Optional<String> teamId;
    private final Optional<String> keyId;
    private final ECPrivateKey key;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();
    private volatile String jwt;
    private volatile long jwtIssuedAt;

    @jakarta.inject.Inject
    public ApnsSender(ChatConfig config) {
        this(config.push().apns().baseUrl(), config.push().apns().topic(), config.push().apns().teamId(),
                config.push().apns().keyId(), config.push().apns().privateKey(), config.push().sendTimeout());
    }

    ApnsSender(String baseUrl, Optional<String> topic, Optional<String> teamId, Optional<String> keyId,
            Optional<String> privateKey, Duration timeout) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.topic = topic;
        this.teamId = teamId;
        this.keyId = keyId;
        this.key = privateKey.map(ApnsSender::parseKey).orElse(null);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(timeout).build();
    }

    @Override
    public PushKind kind() {
        return PushKind.APNS;
    }

    @Override
    public boolean configured() {
        return topic.isPresent() && teamId.isPresent() && keyId.isPresent() && key != null;
    }

    @Override
    public CompletableFuture<PushResult> send(Target target, PushNotification n) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/3/device/" + target.token()))
                .timeout(timeout)
                .header("authorization", "bearer " + token())
                .header("apns-topic", topic.get())
                .header("apns-push-type", "alert")
                .header("apns-priority", "10")
                .header("apns-collapse-id", n.collapseKey())
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(n)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> PushResult.ofStatus(r.statusCode()))
                .exceptionally(e -> PushResult.FAILED);
    }

    /** An alert without content ("new messages"), the counts as custom keys; mutable-content lets the app enrich it. */
    static String body(PushNotification n) {
        Map<String, Object> aps = new LinkedHashMap<>();
        aps.put("alert", Map.of("loc-key", "NEW_MESSAGES"));
        aps.put("badge", n.unread());
        aps.put("mutable-content", 1);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("aps", aps);
        payload.put("conversationId", n.conversationId());
        payload.put("unread", n.unread());
        try {
            return FrameCodec.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String token() {
        long now = clock.millis();
        String current = jwt;
        if (current == null || now - jwtIssuedAt > TOKEN_LIFETIME.toMillis()) {
            synchronized (this) {
                if (jwt == null || now - jwtIssuedAt > TOKEN_LIFETIME.toMillis()) {
                    jwt = sign(now);
                    jwtIssuedAt = now;
                }
                current = jwt;
            }
        }
        return current;
    }

    private String sign(long now) {
        try {
            SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId.get()).build(),
                    new JWTClaimsSet.Builder().issuer(teamId.get()).issueTime(new Date(now / 1000 * 1000)).build());
            signed.sign(new ECDSASigner(key));
            return signed.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the APNs token", e);
        }
    }

    private static ECPrivateKey parseKey(String pemOrBase64) {
        String b64 = pemOrBase64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("chat.push.apns.private-key is not a PKCS#8 EC key", e);
        }
    }
}
