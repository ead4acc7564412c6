package chat.infra;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * The whole chat system in one stack, {@code chat-<stage>}: storage, queues, network, secrets, functions (the api and
 * its HTTP front doors), workers (fanout, push, reaper), broker, monitoring. Each part is a small construct; this class only wires them.
 */
public final class ChatStack extends Stack {
    private final ChatConfig config;
    private final Storage storage;
    private final Queues queues;
    private final Network network;
    private final AppSecrets secrets;
    private final Functions functions;
    private final Workers workers;
    private final Broker broker;
    private final Monitoring monitoring;

    public ChatStack(Construct scope, String id, StackProps props, ChatConfig config) {
        super(scope, id, props);
        this.config = config;
        Tags.of(this).add("app", "chat");
        Tags.of(this).add("stage", config.stage());

        storage = new Storage(this, "Storage", config);
        queues = new Queues(this, "Queues", config);
        network = new Network(this, "Network", config);
        secrets = new AppSecrets(this, "Secrets", config);
        Lambdas lambdas = new Lambdas(config, secrets);
        functions = new Functions(this, "Functions", config, lambdas, network, storage, queues);
        workers = new Workers(this, "Workers", config, lambdas, network, storage, queues);
        // the functions read both secrets from Secrets Manager at start (Lambdas): their environment holds only ARNs
        for (var fn : List.of(functions.api(), workers.fanout(), workers.push(), workers.reaper())) {
            secrets.grantRead(fn);
        }
        broker = new Broker(this, "Broker", config, network, secrets, functions.privateApiUrl());
        broker.allowCallbacksFrom(network.functionsSecurityGroup(),
                "delivery callbacks from the api, fanout and reaper functions");
        monitoring = new Monitoring(this, "Monitoring", config, queues, functions, workers, broker);

        output("WebSocketUrl", broker.webSocketUrl(), "devices connect here");
        output("LoadBalancerDns", broker.alb().getLoadBalancerDnsName(),
                "point the certificate's DNS name (CNAME/alias) here");
        output("PublicApiUrl", functions.publicApi().urlForPath("/v1"), "public HTTP API (/v1/*)");
        output("PrivateApiUrl", functions.privateApiUrl(), "private API, reachable from the VPC only");
        output("DashboardName", monitoring.dashboard().getDashboardName(), "CloudWatch dashboard");
        output("AlarmTopicArn", monitoring.alarmTopic().getTopicArn(), "subscribe on-call here");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public ChatConfig config() {
        return config;
    }

    public Storage storage() {
        return storage;
    }

    public Queues queues() {
        return queues;
    }

    public Network network() {
        return network;
    }

    public AppSecrets secrets() {
        return secrets;
    }

    public Functions functions() {
        return functions;
    }

    public Workers workers() {
        return workers;
    }

    public Broker broker() {
        return broker;
    }

    public Monitoring monitoring() {
        return monitoring;
    }
}
