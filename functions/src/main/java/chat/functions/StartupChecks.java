package chat.functions;

import chat.model.ConfigRules;
import chat.model.schema.QueueDef;
import chat.model.schema.Queues;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;

/**
 * The functions refuse to start with a configuration that would misbehave later (listed in the README's
 * configuration table): each broken rule is named, with the properties involved.
 */
@ApplicationScoped
public class StartupChecks {
    private final ChatConfig config;

    public StartupChecks(ChatConfig config) {
        this.config = config;
    }

    void check(@Observes StartupEvent ignored) {
        rules(config, ConfigUtils.getProfiles()).enforce("functions");
    }

    static ConfigRules rules(ChatConfig c, Collection<String> profiles) {
        ConfigRules rules = new ConfigRules()
                .notBuiltIn("chat.internal.key", "CHAT_INTERNAL_KEY (or chat.secrets.internal-key-arn)",
                        c.internal().key(), ConfigRules.LOCAL_INTERNAL_KEY, profiles)
                .notBuiltIn("chat.auth.token-secret", "CHAT_AUTH_TOKEN_SECRET (or chat.secrets.token-secret-arn)",
                        c.auth().tokenSecret(), ConfigRules.LOCAL_TOKEN_SECRET, profiles)
                .require(c.auth().tokenSecret().getBytes(StandardCharsets.UTF_8).length >= 32,
                        "chat.auth.token-secret must be at least 32 bytes (HS256)")
                .shorter("chat.presence.liveness-cache", c.presence().livenessCache(),
                        "chat.presence.broker-expiry", c.presence().brokerExpiry(),
                        "a cached brokers table older than the expiry would keep dead brokers' users online")
                .shorter("chat.fanout.callback-timeout", c.fanout().callbackTimeout(),
                        "the fan-out queue's visibility timeout", visibility(Queues.FANOUT),
                        "a batch waiting on a slow broker would be received by a second worker meanwhile")
                .shorter("chat.push.send-timeout", c.push().sendTimeout(),
                        "the push queue's visibility timeout", visibility(Queues.PUSH),
                        "a job waiting on a slow push service would be received by a second worker meanwhile");
        rules.require(c.fanout().byUserMaxBrokers() >= 0,
                "chat.fanout.by-user-max-brokers (" + c.fanout().byUserMaxBrokers() + ") must be 0 or more");
        ChatConfig.Media m = c.media();
        rules.require(m.partSize() >= 5L * 1024 * 1024,
                "chat.media.part-size (" + m.partSize() + ") must be at least 5 MiB (S3's smallest part)");
        rules.require(m.maxAttachmentBytes() >= 1 && m.maxAttachmentBytes() / m.partSize() < 9_000,
                "chat.media.max-attachment-bytes (" + m.maxAttachmentBytes() + ") must be positive and fit in 9,000 "
                        + "parts of chat.media.part-size");
        rules.shorter("chat.media.upload-url-ttl", m.uploadUrlTtl(), "chat.media.upload-window", m.uploadWindow(),
                "a part URL would outlive its upload");
        rules.require(m.uploadUrlTtl().compareTo(Duration.ofDays(7)) <= 0
                        && m.downloadUrlTtl().compareTo(Duration.ofDays(7)) <= 0,
                "chat.media.upload-url-ttl and chat.media.download-url-ttl must be at most 7 days (SigV4's limit)");
        rules.require(m.dailyUploads() >= 1 && m.dailyQuotaBytes() >= m.maxAttachmentBytes(),
                "chat.media.daily-uploads must be at least 1 and chat.media.daily-quota-bytes at least "
                        + "chat.media.max-attachment-bytes");
        wholeSeconds(rules, "chat.fanout.retry-delay", c.fanout().retryDelay());
        wholeSeconds(rules, "chat.push.retry-delay", c.push().retryDelay());
        return rules;
    }

    /** A retry delay becomes an SQS visibility timeout: whole seconds, at most 12 hours. */
    private static void wholeSeconds(ConfigRules rules, String name, Duration d) {
        rules.require(d.getNano() == 0 && !d.isNegative() && d.compareTo(Duration.ofHours(12)) <= 0,
                name + " (" + d + ") must be whole seconds between 0 and 12 hours (it is an SQS visibility timeout)");
    }

    private static Duration visibility(QueueDef queue) {
        return Duration.ofSeconds(queue.visibilityTimeoutSeconds());
    }
}
