package chat.functions.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Key directory settings (chat.keys.*; env CHAT_KEYS_...). */
@ConfigMapping(prefix = "chat.keys")
public interface KeysConfig {
    /**
     * Bundle fetches ({@code GET /v1/keys/{userId}[/{deviceId}]}) one device may make per {@link #fetchWindow()}:
     * each can hand out one-time prekeys, a resource an attacker could otherwise drain. Enough for a device to start
     * sessions with every device of every member of a full group in one window (255 members of 5 devices, and its
     * own 4 others: 1,279).
     */
    @WithDefault("1500")
    int fetchesPerWindow();

    /** The window of {@link #fetchesPerWindow()}; it starts with the first fetch after the previous one ended. */
    @WithDefault("PT5M")
    Duration fetchWindow();
}
