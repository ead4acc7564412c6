package chat.functions.api;

import chat.functions.ChatConfig;
import chat.functions.accounts.AccountService;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.auth.DeviceCredential;
import chat.model.auth.DevicePrincipal;
import chat.model.auth.DeviceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * The {@code Authorization} header of a public HTTP call, read by the rule the WebSocket upgrade follows:
 * {@code Bearer <token>} or {@code Bearer <credential>} (a device credential, {@code dc1.…}, checked against its
 * stored hash). Every refusal is {@code 401 UNAUTHENTICATED}.
 */
@ApplicationScoped
public class BearerAuth {
    private static final String BEARER = "Bearer ";
    private final AccountService accounts;
    private final DeviceTokens tokens;
    private final Clock clock;

    public BearerAuth(AccountService accounts, ChatConfig config, Clock clock) {
        this.accounts = accounts;
        this.tokens = new DeviceTokens(config.auth().tokenSecret());
        this.clock = clock;
    }

    /** The device that the header proves, or UNAUTHENTICATED. */
    public DevicePrincipal authenticate(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED,
                    "Authorization: Bearer <token or credential> required");
        }
        String presented = authorization.substring(BEARER.length()).trim();
        return DeviceCredential.looksLikeCredential(presented) ? accounts.authenticate(presented)
                : tokens.verify(presented, clock.instant());
    }
}
