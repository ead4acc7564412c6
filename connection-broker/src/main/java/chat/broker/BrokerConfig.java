package chat.broker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Broker settings; env vars use the usual mapping (chat.broker.functions-url = CHAT_BROKER_FUNCTIONS_URL). */
@ConfigMapping(prefix = "chat")
public interface BrokerConfig {
    Broker broker();

    Internal internal();

    Auth auth();

    Presence presence();

    interface Broker {
        /**
         * Base URL of the functions tier, which handles every client frame; or a comma-separated list of functions
         * instances, over which calls are spread round-robin with failover (no load balancer in front of them).
         */
        @WithDefault("http://127.0.0.1:8081")
        List<String> functionsUrl();

        /** A functions instance whose call failed (refused, reset, timed out) is left out of rotation this long. */
        @WithDefault("PT2S")
        Duration functionsDownFor();

        /** This node's name in the connections table; random when unset. */
        Optional<String> nodeId();

        /**
         * Port of this node's private API (the delivery callback), apart from the public port that clients reach;
         * 0 picks a free one.
         */
        @WithDefault("8090")
        int internalPort();

        /** Base URL on which the functions reach this node's delivery API; derived from the internal port when unset. */
        Optional<String> callbackUrl();

        /** How often every connection is pinged. */
        @WithDefault("PT20S")
        Duration heartbeatInterval();

        /** A connection with no pong (or any frame) for this long is closed as dead. */
        @WithDefault("PT60S")
        Duration heartbeatTimeout();

        /**
         * How often this node tells the functions it is alive. Its connections count as offline once the functions
         * have not heard from it for chat.presence.broker-expiry (set there, a few intervals long).
         */
        @WithDefault("PT5S")
        Duration livenessInterval();

        /**
         * How long after its first heartbeat was accepted this node starts taking connections: longer than the
         * functions cache the brokers table (chat.presence.liveness-cache), so every group fan-out that could reach
         * a device here already counts this node among the live ones.
         */
        @WithDefault("PT1.5S")
        Duration routesSettle();

        /** Timeout of a call to the functions tier; longer than a send's worst case there (10 s queue wait). */
        @WithDefault("PT15S")
        Duration functionsTimeout();

        /**
         * Longest graceful drain on SIGTERM: closing every socket with 1001 and reporting each close to the functions.
         * Connections whose close is not reported by then are left to the functions' reaper of dead brokers. Keep it
         * below the orchestrator's stop timeout (ECS: 30 s by default), which kills the process after it.
         */
        @WithDefault("PT20S")
        Duration drainTimeout();

        /** Per-device limit on client frames (token bucket); frames over it get RATE_LIMITED and are not handled. */
        RateLimit rateLimit();

        /** Load shedding: how many frames may wait for the functions tier at once, over all connections. */
        Admission admission();

        /** The long-polling transport (for networks that refuse the WebSocket upgrade). */
        Poll poll();
    }

    interface Poll {
        /**
         * Longest a poll is held open waiting for a frame (a poll's {@code wait} may ask for less): under the
         * 29 s of API Gateway and the 60 s idle timeout of a load balancer, so none of them cuts a quiet poll.
         */
        @WithDefault("PT25S")
        Duration maxWait();

        /** A session with no poll open for this long ends as a dead connection (4002) and counts as offline. */
        @WithDefault("PT60S")
        Duration idleTimeout();
    }

    interface Admission {
        /**
         * Client frames of all connections handed to the functions and not yet answered; a frame beyond it is
         * refused at once with UNAVAILABLE and retryAfterMs (not queued behind slow functions). At most the HTTP
         * pool's 200 connections, so an admitted frame never waits for one.
         */
        @WithDefault("128")
        int maxInFlight();

        /** The wait a shed frame's retryAfterMs asks for (clients add their own jitter). */
        @WithDefault("PT0.5S")
        Duration retryAfter();
    }

    interface RateLimit {
        /** Sustained client frames per second a device may send (acks, typing and sync requests count too). */
        @WithDefault("20")
        double framesPerSecond();

        /** Frames a device may send at once above the sustained rate (e.g. a queue flushed after reconnecting). */
        @WithDefault("40")
        int burst();
    }

    interface Presence {
        /**
         * The functions' chat.presence.broker-expiry (give both tiers the same value): only checked here, against
         * this node's liveness interval.
         */
        @WithDefault("PT15S")
        Duration brokerExpiry();

        /**
         * The functions' chat.presence.liveness-cache (give both tiers the same value): only checked here, to be
         * shorter than chat.broker.routes-settle.
         */
        @WithDefault("PT1S")
        Duration livenessCache();
    }

    interface Internal {
        /** Shared secret presented to and expected from the functions tier. */
        String key();
    }

    interface Auth {
        /** HMAC secret of device tokens; the same as the functions tier's. */
        String tokenSecret();
    }
}
