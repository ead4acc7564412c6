package chat.functions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything the functions tier can be told; env vars use the usual mapping (chat.tables.prefix = CHAT_TABLES_PREFIX). */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {
    TableNaming tables();

    QueueNaming queues();

    Internal internal();

    Auth auth();

    Send send();

    Fanout fanout();

    Presence presence();

    Push push();

    AfterCall afterCall();

    Groups groups();

    Testing test();

    Metering metering();

    Inbox inbox();

    Media media();

    interface Media {
        /** The media bucket's full name (the deployment's prefix + "media"); the CDK app sets CHAT_MEDIA_BUCKET. */
        @WithDefault("chat-media")
        String bucket();

        /** Largest attachment content in bytes (before encryption); the blob may be larger by its padding. */
        @WithDefault("104857600")
        long maxAttachmentBytes();

        /** Bytes per upload part but the last (at least 5 MiB, S3's minimum). */
        @WithDefault("8388608")
        long partSize();

        /** How long after its slot was given an upload may be completed; then it is aborted and cleaned up. */
        @WithDefault("PT24H")
        Duration uploadWindow();

        /** How long a presigned part upload URL stays valid (a new plan can be asked for at any time). */
        @WithDefault("PT15M")
        Duration uploadUrlTtl();

        /** How long a presigned download URL stays valid. */
        @WithDefault("PT5M")
        Duration downloadUrlTtl();

        /** How long a completed attachment is served; history older than this shows "media expired". */
        @WithDefault("P45D")
        Duration retention();

        /** Bytes one account may upload per UTC day (slots asked for, whether completed or not). */
        @WithDefault("4294967296")
        long dailyQuotaBytes();

        /** Attachment slots one account may ask for per UTC day. */
        @WithDefault("1000")
        int dailyUploads();

        /** Whether this instance aborts stale uploads and removes expired blobs on a timer (off on Lambda). */
        @WithDefault("true")
        boolean sweeperEnabled();

        /** How often the sweeper looks for stale uploads and expired blobs. */
        @WithDefault("PT10M")
        Duration sweepInterval();
    }

    interface Inbox {
        /** Envelopes a device's inbox may hold unacknowledged; more are refused with INBOX_FULL. */
        @WithDefault("1000")
        int maxPending();

        /** An envelope not acknowledged within this long is dropped (expired on read, purged when found). */
        @WithDefault("P30D")
        Duration maxAge();

        /** An envelope claim older than this whose envelope was never stored may be taken over by a resend. */
        @WithDefault("PT10S")
        Duration claimLease();
    }

    interface Metering {
        /**
         * Counts AWS calls and DynamoDB capacity units for GET /internal/v1/stats (the benchmark's cost figures);
         * off in production, where the interceptors cost CPU on every call and CloudWatch has the same figures.
         */
        @WithDefault("false")
        boolean enabled();
    }

    interface Groups {
        /**
         * Member slots reserved by an add that never completed (its caller died and never retried) are given back
         * once they are this old and the group is full; a retry within it reuses them.
         */
        @WithDefault("PT1M")
        Duration reservationExpiry();
    }

    interface Testing {
        /**
         * Test only: the named point in the code halts the process (like kill -9), e.g. {@code group-after-reserve}.
         * Refused at start unless DynamoDB is the local stack on a loopback address.
         */
        Optional<String> crashPoint();
    }

    /** Named so as not to read as chat.model.schema.Tables, the tables themselves. */
    interface TableNaming {
        /** Prepended to every table's base name, e.g. "chat-prod-". */
        @WithDefault("chat-")
        String prefix();
    }

    /** Named so as not to read as chat.model.schema.Queues, the queues themselves. */
    interface QueueNaming {
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

        /**
         * A batch whose handling failed (e.g. DynamoDB briefly unreachable) is received again after this long,
         * instead of after the queue's visibility timeout (30 s). Whole seconds.
         */
        @WithDefault("PT1S")
        Duration retryDelay();

        /**
         * A direct chat's pushes go by user to every live broker node while there are at most this many nodes, and
         * by connection (after a read of both members' connections) above that; 0 always looks connections up.
         */
        @WithDefault("8")
        int byUserMaxBrokers();
    }

    interface Presence {
        /** A broker that has not beaten for this long counts as dead: its connections are offline. */
        @WithDefault("PT15S")
        Duration brokerExpiry();

        /** How often the reaper looks for dead brokers (each instance; claims make it safe to run on many). */
        @WithDefault("PT5S")
        Duration reaperInterval();

        /**
         * Whether this instance runs the reaper on its own timer. Off on AWS Lambda, where a timer would fire only
         * while an invocation happens to run; a schedule invokes the {@code reaper} function there instead.
         */
        @WithDefault("true")
        boolean reaperEnabled();

        /** How long the brokers table is cached for liveness checks. */
        @WithDefault("PT1S")
        Duration livenessCache();
    }

    interface AfterCall {
        /**
         * Whether the work a call causes beyond its answer (receipts, presence pushes, closing a displaced
         * connection) completes before the call returns, instead of on a background pool. On on AWS Lambda, which
         * freezes whatever an invocation leaves running.
         */
        @WithDefault("false")
        boolean inline();
    }

    interface Push {
        /** Whether this instance consumes the push queue. */
        @WithDefault("true")
        boolean enabled();

        /** Parallel long-polling receivers on the push queue. */
        @WithDefault("2")
        int consumers();

        /** At most one notification per device and conversation within this window; later messages collapse. */
        @WithDefault("PT60S")
        Duration collapseWindow();

        /** At most this many notifications per device per minute, across conversations. */
        @WithDefault("10")
        int perDevicePerMinute();

        /** Timeout of one call to a push service. */
        @WithDefault("PT10S")
        Duration sendTimeout();

        /** A push batch whose handling failed is received again after this long (whole seconds). */
        @WithDefault("PT5S")
        Duration retryDelay();

        WebPush webpush();

        Fcm fcm();

        Apns apns();

        interface WebPush {
            /** VAPID subject (RFC 8292): a mailto: or https: contact for the push service operator. */
            @WithDefault("mailto:ops@chat.invalid")
            String subject();

            /** VAPID public key, base64url of the uncompressed P-256 point; clients subscribe with it. */
            Optional<String> publicKey();

            /** VAPID private key, base64url of the 32-byte P-256 scalar. Web Push is off without a key pair. */
            Optional<String> privateKey();
        }

        interface Fcm {
            /** FCM HTTP v1 base URL; tests point it at a local server. */
            @WithDefault("https://fcm.googleapis.com")
            String baseUrl();

            /**
             * The service account's key, the JSON the Firebase console downloads; OAuth tokens are minted from it and
             * refreshed before they expire. FCM is off when unset.
             */
            Optional<String> serviceAccount();

            /** Firebase project id; the service account's own project when unset. */
            Optional<String> projectId();
        }

        interface Apns {
            /** APNs provider API base URL (production or https://api.sandbox.push.apple.com). */
            @WithDefault("https://api.push.apple.com")
            String baseUrl();

            /** The app's bundle id (apns-topic); APNs is off when unset. */
            Optional<String> topic();

            /** Apple developer team id (JWT iss). */
            Optional<String> teamId();

            /** Id of the APNs auth key (JWT kid). */
            Optional<String> keyId();

            /** The .p8 auth key: PKCS#8 P-256 private key, PEM or bare base64. */
            Optional<String> privateKey();
        }
    }
}
