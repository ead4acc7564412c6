package chat.functions.accounts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Account lifecycle and login throttle settings (chat.accounts.*; env CHAT_ACCOUNTS_...). */
@ConfigMapping(prefix = "chat.accounts")
public interface AccountsConfig {
    /** How long a deleted account's handle stays reserved (naming nobody) before anyone may register it. */
    @WithDefault("P30D")
    Duration handleQuarantine();

    LoginThrottle loginThrottle();

    /**
     * Password checks (log a device in, change password, delete account) per handle and per source address. Counted
     * in DynamoDB, so every functions instance sees the same count; a check over the limit is refused before any
     * password hashing.
     */
    interface LoginThrottle {
        /** Wrong passwords one handle may get per {@link #handleWindow()}. */
        @WithDefault("5")
        int perHandle();

        /** The window of {@link #perHandle()}; it starts with the first check after the previous one ended. */
        @WithDefault("PT15M")
        Duration handleWindow();

        /** Wrong passwords one source address may send per {@link #addressWindow()}, whatever the handles. */
        @WithDefault("20")
        int perAddress();

        /** The window of {@link #perAddress()}. */
        @WithDefault("PT1M")
        Duration addressWindow();

        /**
         * Whether the source address is the last entry of X-Forwarded-For (set by a proxy in front, e.g. API Gateway)
         * instead of the connection's peer. Only behind a proxy that appends it: a client can write the header.
         */
        @WithDefault("false")
        boolean trustForwardedFor();
    }
}
