package chat.functions.support;

import chat.functions.ChatConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Test-only fault injection: {@code chat.test.crash-point} names a point at which the process halts at once, as a
 * kill -9 would, so a test can crash it exactly between two steps. Off by default; refused at start unless DynamoDB
 * is a local stack on a loopback address, so a deployment can never carry it.
 */
@Startup
@ApplicationScoped
public class CrashPoints {
    /** Between taking a group's member slots and storing the add's entry. */
    public static final String GROUP_AFTER_RESERVE = "group-after-reserve";
    private static final Logger LOG = Logger.getLogger(CrashPoints.class);
    private final Optional<String> armed;

    public CrashPoints(ChatConfig config,
            @ConfigProperty(name = "quarkus.dynamodb.endpoint-override") Optional<String> dynamoEndpoint) {
        this.armed = config.test().crashPoint();
        if (armed.isPresent() && !dynamoEndpoint.map(CrashPoints::loopback).orElse(false)) {
            throw new IllegalStateException("chat.test.crash-point is for tests against a local stack only");
        }
        armed.ifPresent(p -> LOG.warnf("test crash point armed: %s", p));
    }

    /** Halts the process here if this point is armed. */
    public void reached(String point) {
        if (armed.filter(point::equals).isPresent()) {
            LOG.warnf("crash point %s reached: halting", point);
            Runtime.getRuntime().halt(137);
        }
    }

    private static boolean loopback(String endpoint) {
        String host = URI.create(endpoint).getHost();
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    }
}
