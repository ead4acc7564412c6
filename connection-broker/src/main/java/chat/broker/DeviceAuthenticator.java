package chat.broker;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.auth.DeviceCredential;
import chat.model.auth.DevicePrincipal;
import chat.model.auth.DeviceTokens;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Authenticates the WebSocket upgrade. A device token is verified here (HMAC, no round trip); a device credential
 * is checked by the functions tier. A refusal is an HTTP 401 with header {@code X-Chat-Error}; nothing is upgraded.
 */
@ApplicationScoped
public class DeviceAuthenticator implements HttpUpgradeCheck {
    static final TypedKey<String> USER_ID = TypedKey.forString("chat.userId");
    static final TypedKey<String> DEVICE_ID = TypedKey.forString("chat.deviceId");
    private static final String BEARER = "Bearer ";
    private final DeviceTokens tokens;
    private final FunctionsClient functions;
    private final Clock clock;

    public DeviceAuthenticator(BrokerConfig config, FunctionsClient functions) {
        this.tokens = new DeviceTokens(config.auth().tokenSecret());
        this.functions = functions;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String presented = presented(context.httpRequest());
        if (presented == null) {
            return reject("UNAUTHENTICATED", "missing Authorization: Bearer <token or credential>");
        }
        Uni<DevicePrincipal> principal;
        try {
            principal = principal(presented);
        } catch (ChatException e) {
            return reject(ErrorCode.UNAUTHENTICATED.name(), e.getMessage());
        }
        return principal.flatMap(p -> {
            context.userData().put(USER_ID, p.userId());
            context.userData().put(DEVICE_ID, p.deviceId());
            return CheckResult.permitUpgrade();
        }).onFailure().recoverWithUni(e -> e instanceof FunctionsClient.FunctionsException f && f.status() == 401
                ? reject(ErrorCode.UNAUTHENTICATED.name(), "wrong credential")
                : CheckResult.rejectUpgrade(503, Map.of("X-Chat-Error", List.of(ErrorCode.UNAVAILABLE.name()))));
    }

    /**
     * Whose device a bearer is: a token is verified here (throws {@link ChatException} UNAUTHENTICATED), a
     * credential by the functions (the Uni fails with a {@link FunctionsClient.FunctionsException}, 401 if wrong).
     */
    Uni<DevicePrincipal> principal(String bearer) {
        if (DeviceCredential.looksLikeCredential(bearer)) {
            return functions.authenticate(bearer);
        }
        return Uni.createFrom().item(tokens.verify(bearer, clock.instant()));
    }

    /** The Authorization header, or the access_token query parameter for clients that cannot set headers. */
    private static String presented(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith(BEARER)) {
            return header.substring(BEARER.length()).trim();
        }
        String query = request.getParam("access_token");
        return query == null || query.isBlank() ? null : query;
    }

    private static Uni<CheckResult> reject(String code, String message) {
        return CheckResult.rejectUpgrade(401, Map.of("X-Chat-Error", List.of(code),
                "X-Chat-Error-Message", List.of(message)));
    }
}
