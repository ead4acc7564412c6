package chat.functions.api;

import chat.functions.ChatConfig;
import chat.functions.store.DevicesTable;
import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.auth.DevicePrincipal;
import chat.model.auth.DeviceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** The {@code Authorization: Bearer <token>} of a public HTTP call. */
@ApplicationScoped
public class BearerAuth {
    private static final String BEARER = "Bearer ";
    private final DeviceTokens tokens;
    private final DevicesTable devices;
    private final Clock clock;

    public BearerAuth(ChatConfig config, DevicesTable devices, Clock clock) {
        this.tokens = new DeviceTokens(config.auth().tokenSecret());
        this.devices = devices;
        this.clock = clock;
    }

    /** The device the token was issued to (signature and expiry only). */
    public DevicePrincipal verify(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new ChatException(ErrorCode.UNAUTHENTICATED, "Authorization: Bearer <token> required");
        }
        return tokens.verify(authorization.substring(BEARER.length()).trim(), clock.instant());
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
