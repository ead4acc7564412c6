package chat.functions.api;

import chat.functions.ChatConfig;
import chat.functions.accounts.AccountService;
import chat.functions.store.DevicesTable;
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
    private final DevicesTable devices;
    private final Clock clock;

    public BearerAuth(AccountService accounts, ChatConfig config, DevicesTable devices, Clock clock) {
        this.accounts = accounts;
        this.tokens = new DeviceTokens(config.auth().tokenSecret());
        this.devices = devices;
        this.clock = clock;
    }

    /** The device that the header proves: a token by its signature and expiry only, a credential by its hash. */
    public DevicePrincipal verify(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED,
                    "Authorization: Bearer <token or credential> required");
        }
        String presented = authorization.substring(BEARER.length()).trim();
        return DeviceCredential.looksLikeCredential(presented) ? accounts.authenticate(presented)
                : tokens.verify(presented, clock.instant());
    }

    /** As {@link #verify}, and the device still exists: a removed device's unexpired token is refused. */
    public DevicePrincipal liveDevice(String authorization) {
        DevicePrincipal device = verify(authorization);
        if (!devices.exists(device.userId(), device.deviceId())) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "device removed");
        }
        return device;
    }
}
