package chat.broker;

import chat.model.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This broker node's id and the URL on which the functions reach its delivery API. */
@ApplicationScoped
public class NodeIdentity {
    private final String nodeId;
    private final String callbackUrl;

    public NodeIdentity(BrokerConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.nodeId = config.broker().nodeId().orElse("broker-" + Ids.random(8));
        this.callbackUrl = config.broker().callbackUrl()
                .orElse("http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port);
    }

    public String nodeId() {
        return nodeId;
    }

    public String callbackUrl() {
        return callbackUrl;
    }
}
