package chat.infra;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * The whole chat system in one stack, {@code chat-<stage>}: storage, media bucket, queues, network, secrets,
 * functions (the api and its HTTP front doors), workers (fanout, push, reaper), broker, monitoring. Each part is a
 * small construct; this class only wires them.
 */
public final class ChatStack extends Stack {
    private final StackSettings settings;
    private final Storage storage;
    private final LogArchive logs;
    private final Media media;
    private final SqsQueues queues;
    private final Network network;
    private final AppSecrets secrets;
    private final ApiFunction apiFunction;
    private final Workers workers;
    private final Broker broker;
    private final WebFirewall firewall;
    private final Monitoring monitoring;

    public ChatStack(Construct scope, String id, StackProps props, StackSettings settings) {
        super(scope, id, props);
        // S3 server access logs are granted by bucket policy, not by the LogDeliveryWrite ACL (which the log
        // bucket's enforced object ownership forbids): the recommended setting, set here so no cdk.json is needed
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        this.settings = settings;
        Tags.of(this).add("app", "chat");
        Tags.of(this).add("stage", settings.stage());

        storage = new Storage(this, "Storage", settings);
        logs = new LogArchive(this, "Logs", settings);
        media = new Media(this, "Media", settings, logs);
        queues = new SqsQueues(this, "Queues", settings);
        network = new Network(this, "Network", settings, logs);
        secrets = new AppSecrets(this, "Secrets", settings);
        Lambdas lambdas = new Lambdas(settings, secrets);
        apiFunction = new ApiFunction(this, "Functions", settings, lambdas, network, storage, queues);
        // only the api signs attachment URLs and completes uploads
        media.grantAttachments(apiFunction.api());
        workers = new Workers(this, "Workers", settings, lambdas, network, storage, queues);
        // the functions read both secrets from Secrets Manager at start (Lambdas): their environment holds only ARNs
        for (var fn : List.of(apiFunction.api(), workers.fanout(), workers.push(), workers.reaper())) {
            secrets.grantRead(fn);
            lambdas.acknowledgeChecks(fn);
        }
        broker = new Broker(this, "Broker", settings, network, secrets, logs, apiFunction.privateApiUrl());
        broker.allowCallbacksFrom(network.functionsSecurityGroup(),
                "delivery callbacks from the api, fanout and reaper functions");
        firewall = new WebFirewall(this, "Firewall", settings, java.util.Map.of(
                "PublicApiStage", apiFunction.publicApi().getDeploymentStage().getStageArn(),
                "BrokerAlb", broker.alb().getLoadBalancerArn()));
        monitoring = new Monitoring(this, "Monitoring", settings, queues, apiFunction, workers, broker);

        output("WebSocketUrl", broker.webSocketUrl(), "devices connect here");
        output("LoadBalancerDns", broker.alb().getLoadBalancerDnsName(),
                "point the certificate's DNS name (CNAME/alias) here");
        output("PublicApiUrl", apiFunction.publicApi().urlForPath("/v1"), "public HTTP API (/v1/*)");
        output("PrivateApiUrl", apiFunction.privateApiUrl(), "private API, reachable from the VPC only");
        output("DashboardName", monitoring.dashboard().getDashboardName(), "CloudWatch dashboard");
        output("AlarmTopicArn", monitoring.alarmTopic().getTopicArn(), "subscribe on-call here");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public StackSettings settings() {
        return settings;
    }

    public Storage storage() {
        return storage;
    }

    public LogArchive logs() {
        return logs;
    }

    public Media media() {
        return media;
    }

    public SqsQueues queues() {
        return queues;
    }

    public Network network() {
        return network;
    }

    public AppSecrets secrets() {
        return secrets;
    }

    public ApiFunction apiFunction() {
        return apiFunction;
    }

    public Workers workers() {
        return workers;
    }

    public Broker broker() {
        return broker;
    }

    public WebFirewall firewall() {
        return firewall;
    }

    public Monitoring monitoring() {
        return monitoring;
    }
}
