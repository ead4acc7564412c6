package chat.functions.api;

import chat.functions.accounts.AccountsConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where a public call came from, for the login throttle: the connection's peer, or — only when configured to trust a
 * proxy in front — the last X-Forwarded-For entry, the one that proxy appended (earlier entries are the client's
 * own say).
 */
@ApplicationScoped
public class ClientAddress {
    private final boolean trustForwardedFor;

    public ClientAddress(AccountsConfig config) {
        this.trustForwardedFor = config.loginThrottle().trustForwardedFor();
    }

    public String of(HttpServerRequest request) {
        if (trustForwardedFor) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                String last = hops[hops.length - 1].trim();
                if (!last.isEmpty()) {
                    return last;
                }
            }
        }
        SocketAddress peer = request.remoteAddress();
        return peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
    }
}
