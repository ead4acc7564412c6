package chat.broker;

import chat.model.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This broker node's id and the URL on which the functions reach its delivery API (the internal port). */
@ApplicationScoped
public class NodeIdentity {
    private final String nodeId;
    private final String instanceId;
    private final Optional<String> configuredCallbackUrl;
    private final String host;
    private final InternalPort internalPort;

    public NodeIdentity(BrokerConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            InternalPort internalPort) {
        this.nodeId = config.broker().nodeId().orElse("broker-" + Ids.random(8));
        this.instanceId = nodeId + "." + Ids.random(6);
        this.configuredCallbackUrl = config.broker().callbackUrl();
        this.host = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        this.internalPort = internalPort;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * This process's id in the liveness and connection records: the node id plus a per-boot suffix, so connections
     * left behind by a crashed predecessor of the same node never look alive again when it restarts.
     */
    public String instanceId() {
        return instanceId;
    }

    /** Derived when first asked: the internal port may have been picked at start (0). */
    public String callbackUrl() {
        return configuredCallbackUrl.orElseGet(() -> "http://" + host + ":" + internalPort.port());
    }
}
