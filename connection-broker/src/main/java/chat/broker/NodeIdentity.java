package chat.broker;

import chat.model.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This broker node's id and the URL on which the functions reach its delivery API. */
@ApplicationScoped
public class NodeIdentity {
    private final String nodeId;
    private final String callbackUrl;
    private final String instanceId;

    public NodeIdentity(BrokerConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.nodeId = config.broker().nodeId().orElse("broker-" + Ids.random(8));
        this.instanceId = nodeId + "." + Ids.random(6);
        this.callbackUrl = config.broker().callbackUrl()
                .orElse("http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port);
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

    public String callbackUrl() {
        return callbackUrl;
    }
}
