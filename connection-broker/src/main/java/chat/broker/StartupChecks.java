package chat.broker;

import chat.model.ConfigRules;
import chat.model.internal.InternalApi;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The broker refuses to start with a configuration that would misbehave later (listed in the README's
 * configuration table): each broken rule is named, with the properties involved.
 */
@ApplicationScoped
public class StartupChecks {
    /** Beats a broker may miss in a row before the functions count it dead. */
    static final int MISSABLE_BEATS = 2;
    private final BrokerConfig config;
    private final int publicPort;

    public StartupChecks(BrokerConfig config, @ConfigProperty(name = "quarkus.http.port") int publicPort) {
        this.config = config;
        this.publicPort = publicPort;
    }

    void check(@Observes StartupEvent ignored) {
        rules(config, publicPort, ConfigUtils.getProfiles()).enforce("broker");
    }

    static ConfigRules rules(BrokerConfig c, int publicPort, Collection<String> profiles) {
        BrokerConfig.Broker b = c.broker();
        return new ConfigRules()
                .notBuiltIn("chat.internal.key", "CHAT_INTERNAL_KEY", c.internal().key(),
                        ConfigRules.LOCAL_INTERNAL_KEY, profiles)
                .notBuiltIn("chat.auth.token-secret", "CHAT_AUTH_TOKEN_SECRET", c.auth().tokenSecret(),
                        ConfigRules.LOCAL_TOKEN_SECRET, profiles)
                .require(c.auth().tokenSecret().getBytes(StandardCharsets.UTF_8).length >= 32,
                        "chat.auth.token-secret must be at least 32 bytes (HS256)")
                .shorter("the functions' worst case for a send (" + InternalApi.SEND_QUEUE_WAIT + " queue wait)",
                        InternalApi.SEND_QUEUE_WAIT, "chat.broker.functions-timeout", b.functionsTimeout(),
                        "a send still completing would be answered UNAVAILABLE, and resent")
                .require(b.livenessInterval().multipliedBy(MISSABLE_BEATS + 1).compareTo(c.presence().brokerExpiry()) <= 0,
                        "chat.broker.liveness-interval (" + b.livenessInterval() + ") must be at most a third of"
                                + " chat.presence.broker-expiry (" + c.presence().brokerExpiry() + "): a node must be"
                                + " able to miss " + MISSABLE_BEATS + " beats before its users count as offline")
                .shorter("chat.presence.liveness-cache", c.presence().livenessCache(), "chat.broker.routes-settle",
                        b.routesSettle(), "a device could connect before a group fan-out's cached brokers list knows"
                                + " this node, and miss a live frame")
                .shorter("chat.broker.heartbeat-interval", b.heartbeatInterval(), "chat.broker.heartbeat-timeout",
                        b.heartbeatTimeout(), "every live connection would be closed as dead")
                .require(b.admission().maxInFlight() >= 1 && b.admission().maxInFlight() <= FrameAdmission.POOL_SIZE,
                        "chat.broker.admission.max-in-flight (" + b.admission().maxInFlight() + ") must be 1.."
                                + FrameAdmission.POOL_SIZE + " (the functions client's connection pool)")
                .require(b.admission().retryAfter().toMillis() >= 1,
                        "chat.broker.admission.retry-after must be at least 1 ms")
                .require(b.poll().maxWait().toSeconds() >= 1,
                        "chat.broker.poll.max-wait must be at least 1 s (a poll's wait is in whole seconds)")
                .shorter("chat.broker.poll.max-wait", b.poll().maxWait(), "chat.broker.poll.idle-timeout",
                        b.poll().idleTimeout(), "a session waiting in a quiet poll would be ended as idle")
                .require(b.internalPort() == 0 || b.internalPort() != publicPort, "chat.broker.internal-port ("
                        + b.internalPort() + ") must differ from quarkus.http.port: the private API needs its own port");
    }
}
