package chat.functions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Everything the functions tier can be told; env vars use the usual mapping (chat.tables.prefix = CHAT_TABLES_PREFIX). */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {
    Tables tables();

    Queues queues();

    Internal internal();

    Auth auth();

    Send send();

    Fanout fanout();

    interface Tables {
        /** Prepended to every table's base name, e.g. "chat-prod-". */
        @WithDefault("chat-")
        String prefix();
    }

    interface Queues {
        /** Prepended to every queue's base name. */
        @WithDefault("chat-")
        String prefix();
    }

    interface Internal {
        /** Shared secret that brokers and functions present to each other on the private API. */
        String key();
    }

    interface Auth {
        /** HMAC secret for device tokens (at least 32 bytes); brokers must have the same one. */
        String tokenSecret();

        /** How long a device token is valid. */
        @WithDefault("PT15M")
        Duration tokenTtl();

        /** PBKDF2 iterations for account passwords (OWASP 2023: 600k for SHA-256; lower only in tests). */
        @WithDefault("210000")
        int passwordIterations();
    }

    interface Send {
        /** A claim older than this whose message was never stored may be taken over by a resend. */
        @WithDefault("PT10S")
        Duration claimLease();

        /** How long a clientMsgId is remembered for de-duplication. */
        @WithDefault("P7D")
        Duration dedupWindow();
    }

    interface Fanout {
        /** Whether this instance consumes the fan-out queue (off for API-only instances). */
        @WithDefault("true")
        boolean enabled();

        /** Parallel long-polling receivers on the fan-out queue. */
        @WithDefault("4")
        int consumers();

        /** Longest wait for a batch to fill before the publisher sends it. */
        @WithDefault("PT0.002S")
        Duration publishLinger();

        /** Timeout of one delivery callback to a broker. */
        @WithDefault("PT2S")
        Duration callbackTimeout();
    }
}
