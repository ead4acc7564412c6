package chat.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryAttributes;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationActionProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancerRedirectConfig;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The connection-broker on ECS Fargate behind an internet-facing Application Load Balancer that carries the
 * WebSockets (TLS when {@code certificateArn} is given).
 *
 * <p>Tasks run in the isolated subnets with no public IP. Their security group admits the public port 8080 from the
 * ALB only, and the internal port 8090 (the delivery callbacks) from the in-VPC functions' security group only; each
 * task registers its own callback URL {@code http://<task private IP>:8090}, computed at start by
 * {@code docker/broker/entrypoint.sh} from the ECS task metadata. The ALB forwards only to 8080 and refuses
 * {@code /internal/*} itself. The task role has no permissions at all: the broker reaches AWS only through the
 * functions' private API. The ALB writes access logs to the {@link LogArchive} and, in prod, has deletion
 * protection; the cluster has Container Insights.
 * The execution role (used by ECS, not by the broker's code) pulls the image, writes logs and reads the two secrets.
 *
 * <p>Autoscaling tracks CPU, new WebSocket upgrades per task (ALBRequestCountPerTarget) and open connections per
 * healthy task (ALB ActiveConnectionCount / target group HealthyHostCount, metric math).
 */
public final class Broker extends Construct {
    /** The public port: client WebSockets, forwarded by the load balancer. */
    public static final int PORT = 8080;
    /**
     * The private API (delivery callbacks, chat.broker.internal-port): reachable from the functions' security group
     * only, in no target group. The broker answers {@code /internal/*} on {@link #PORT} with 404 in any case.
     */
    public static final int INTERNAL_PORT = 8090;
    /** Paths the load balancer refuses itself, before they reach a task. */
    public static final String INTERNAL_PATHS = "/internal/*";
    public static final String DOCKERFILE = "infra-cdk/docker/broker/Dockerfile";
    public static final String QUARKUS_APP = "connection-broker/target/quarkus-app";
    /** ALB connections per healthy task to aim at: each WebSocket counts twice (client side + target side). */
    public static final double CONNECTIONS_PER_TASK_TARGET = 4000;

    private static final Pattern ECR_IMAGE = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9._/-]+)(?::([\\w.-]+))?");

    private final FargateService service;
    private final ApplicationLoadBalancer alb;
    private final ApplicationTargetGroup targetGroup;
    private final SecurityGroup securityGroup;
    private final boolean tls;

    public Broker(Construct scope, String id, StackSettings settings, Network network, AppSecrets secrets,
            LogArchive logArchive, String functionsUrl) {
        super(scope, id);
        SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();

        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .clusterName(settings.prefix() + "broker")
                .vpc(network.vpc())
                // per-task CPU, memory and network figures in CloudWatch (the dashboard's broker widgets)
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();

        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .family(settings.prefix() + "broker")
                .cpu(settings.prod() ? 512 : 256)
                .memoryLimitMiB(settings.prod() ? 1024 : 512)
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/ecs/" + settings.prefix() + "broker")
                .retention(settings.prod() ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS)
                .removalPolicy(settings.statefulRemovalPolicy())
                .build();
        task.addContainer("broker", ContainerDefinitionOptions.builder()
                .image(image(settings))
                .essential(true)
                .portMappings(List.of(PortMapping.builder().containerPort(PORT).build(),
                        PortMapping.builder().containerPort(INTERNAL_PORT).build()))
                .environment(Map.of(
                        "CHAT_STAGE", settings.stage(),
                        "CHAT_BROKER_FUNCTIONS_URL", functionsUrl,
                        "CHAT_BROKER_INTERNAL_PORT", Integer.toString(INTERNAL_PORT),
                        "CHAT_BROKER_CALLBACK_PORT", Integer.toString(INTERNAL_PORT),
                        "QUARKUS_HTTP_HOST", "0.0.0.0",
                        "QUARKUS_HTTP_PORT", Integer.toString(PORT)))
                .secrets(Map.of(
                        "CHAT_INTERNAL_KEY",
                        software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secrets.internalKey()),
                        "CHAT_AUTH_TOKEN_SECRET",
                        software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secrets.tokenSecret())))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("broker").build()))
                // WebSockets drain on SIGTERM: clients reconnect to another task and sync what they missed
                .stopTimeout(Duration.seconds(30))
                .build());
        Checks.acknowledge(task, "AwsSolutions-ECS2", "the environment holds only stage, ports and the private API's"
                + " URL; both secrets reach the container through ECS's Secrets Manager injection, never as values");
        Checks.acknowledge(task.obtainExecutionRole(), "AwsSolutions-IAM5[Resource::*]", "ecr:GetAuthorizationToken"
                + " has no resource-level permissions; every other statement of the execution role names its resource");

        securityGroup = SecurityGroup.Builder.create(this, "Sg")
                .vpc(network.vpc())
                .description("chat " + settings.stage() + " broker tasks: 8080 from the ALB, 8090 from the functions")
                // the isolated subnets route only to the VPC and its endpoints, so "all outbound" means exactly those
                .allowAllOutbound(true)
                .build();
        network.allowEndpointsFrom(securityGroup);
        service = FargateService.Builder.create(this, "Service")
                .serviceName(settings.prefix() + "broker")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(settings.brokerMinTasks())
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .vpcSubnets(isolated)
                .assignPublicIp(false)
                .securityGroups(List.of(securityGroup))
                .healthCheckGracePeriod(Duration.seconds(90))
                .build();
        // without the endpoints the first tasks could not pull their image or read their secrets
        network.interfaceEndpoints().forEach(e -> service.getNode().addDependency(e));

        // ---- load balancer --------------------------------------------------------------------------------
        alb = ApplicationLoadBalancer.Builder.create(this, "Alb")
                .loadBalancerName(settings.prefix() + "broker")
                .vpc(network.vpc())
                .internetFacing(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                // idle WebSockets stay open this long without a frame; clients ping more often than that
                .idleTimeout(Duration.seconds(300))
                // the tables and buckets of prod survive a mistaken delete, and so does the address devices use
                .deletionProtection(settings.prod())
                .build();
        alb.logAccessLogs(logArchive.bucket(), LogArchive.ALB_PREFIX);
        Checks.acknowledge(alb, "AwsSolutions-EC23", "the internet-facing load balancer of every device's WebSocket:"
                + " it listens on 80/443 for any address, and its targets admit only its own security group");
        targetGroup = ApplicationTargetGroup.Builder.create(this, "Targets")
                .vpc(network.vpc())
                .port(PORT)
                .protocol(ApplicationProtocol.HTTP)
                .targetType(TargetType.IP)
                // the public port only: the internal one is in no target group
                .targets(List.of(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                        .containerName("broker").containerPort(PORT).build())))
                .deregistrationDelay(Duration.seconds(30))
                // A long-poll session lives on one node: its requests follow the load balancer's cookie there.
                .stickinessCookieDuration(Duration.hours(1))
                .healthCheck(HealthCheck.builder()
                        .path(settings.brokerHealthPath())
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(15))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(3)
                        .build())
                .build();
        Optional<String> certificateArn = settings.certificateArn();
        tls = certificateArn.isPresent();
        ApplicationListener listener;
        if (tls) {
            listener = alb.addListener("Https", BaseApplicationListenerProps.builder()
                    .port(443)
                    .protocol(ApplicationProtocol.HTTPS)
                    .certificates(List.of(ListenerCertificate.fromArn(certificateArn.get())))
                    .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                    .defaultTargetGroups(List.of(targetGroup))
                    .open(true)
                    .build());
            alb.addRedirect(ApplicationLoadBalancerRedirectConfig.builder()
                    .sourcePort(80).sourceProtocol(ApplicationProtocol.HTTP)
                    .targetPort(443).targetProtocol(ApplicationProtocol.HTTPS)
                    .build());
        } else {
            listener = alb.addListener("Http", BaseApplicationListenerProps.builder()
                    .port(80)
                    .protocol(ApplicationProtocol.HTTP)
                    .defaultTargetGroups(List.of(targetGroup))
                    .open(true)
                    .build());
            Annotations.of(listener).addWarningV2("chat:broker-no-tls",
                    "No 'certificateArn' context: the broker's ALB listens on plain HTTP (ws://) only, so device"
                            + " tokens and messages cross the internet unencrypted. Deploy with"
                            + " -c certificateArn=arn:aws:acm:<region>:<account>:certificate/<id> for wss:// on 443.");
        }

        // Defence in depth: the tasks refuse these paths on the public port too.
        listener.addAction("RefuseInternal", AddApplicationActionProps.builder()
                .priority(1)
                .conditions(List.of(ListenerCondition.pathPatterns(List.of(INTERNAL_PATHS))))
                .action(ListenerAction.fixedResponse(404, FixedResponseOptions.builder()
                        .contentType("text/plain").messageBody("not found").build()))
                .build());

        // ---- autoscaling ----------------------------------------------------------------------------------
        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(settings.brokerMinTasks())
                .maxCapacity(settings.brokerMaxTasks())
                .build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(60)
                .scaleOutCooldown(Duration.seconds(60))
                .scaleInCooldown(Duration.minutes(5))
                .build());
        scaling.scaleOnRequestCount("NewConnections", RequestCountScalingProps.builder()
                .targetGroup(targetGroup)
                .requestsPerTarget(1000)
                .scaleOutCooldown(Duration.seconds(60))
                .scaleInCooldown(Duration.minutes(5))
                .build());
        ScalableTarget target = (ScalableTarget) scaling.getNode().findChild("Target");
        CfnScalingPolicy.Builder.create(this, "ConnectionsPerTask")
                .policyName(settings.prefix() + "broker-connections-per-task")
                .policyType("TargetTrackingScaling")
                .scalingTargetId(target.getScalableTargetId())
                .targetTrackingScalingPolicyConfiguration(
                        CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty.builder()
                                .targetValue(CONNECTIONS_PER_TASK_TARGET)
                                .scaleOutCooldown(60)
                                .scaleInCooldown(300)
                                .customizedMetricSpecification(
                                        CfnScalingPolicy.CustomizedMetricSpecificationProperty.builder()
                                                .metrics(List.of(
                                                        albMetric("active", "ActiveConnectionCount", "Sum",
                                                                Map.of("LoadBalancer",
                                                                        alb.getLoadBalancerFullName())),
                                                        albMetric("healthy", "HealthyHostCount", "Average",
                                                                Map.of("LoadBalancer",
                                                                        alb.getLoadBalancerFullName(),
                                                                        "TargetGroup",
                                                                        targetGroup.getTargetGroupFullName())),
                                                        CfnScalingPolicy.TargetTrackingMetricDataQueryProperty
                                                                .builder()
                                                                .id("perTask")
                                                                .label("ALB connections per healthy broker task")
                                                                .expression("active / healthy")
                                                                .returnData(true)
                                                                .build()))
                                                .build())
                                .build())
                .build();
    }

    private static CfnScalingPolicy.TargetTrackingMetricDataQueryProperty albMetric(String id, String name,
            String stat, Map<String, String> dimensions) {
        return CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id(id)
                .returnData(false)
                .metricStat(CfnScalingPolicy.TargetTrackingMetricStatProperty.builder()
                        .stat(stat)
                        .metric(CfnScalingPolicy.TargetTrackingMetricProperty.builder()
                                .namespace("AWS/ApplicationELB")
                                .metricName(name)
                                .dimensions(dimensions.entrySet().stream()
                                        .sorted(Map.Entry.comparingByKey())
                                        .map(e -> (Object) CfnScalingPolicy.TargetTrackingMetricDimensionProperty
                                                .builder().name(e.getKey()).value(e.getValue()).build())
                                        .toList())
                                .build())
                        .build())
                .build();
    }

    private ContainerImage image(StackSettings settings) {
        Optional<String> brokerImage = settings.brokerImage();
        if (brokerImage.isPresent()) {
            String uri = brokerImage.get();
            Matcher ecr = ECR_IMAGE.matcher(uri);
            if (ecr.matches()) {
                // an ECR image: grant the execution role pull rights on exactly that repository
                String repositoryName = ecr.group(3);
                var repo = Repository.fromRepositoryAttributes(this, "BrokerRepository",
                        RepositoryAttributes.builder()
                                .repositoryName(repositoryName)
                                .repositoryArn("arn:" + Aws.PARTITION + ":ecr:" + ecr.group(2) + ":" + ecr.group(1)
                                        + ":repository/" + repositoryName)
                                .build());
                return ContainerImage.fromEcrRepository(repo, ecr.group(4) == null ? "latest" : ecr.group(4));
            }
            Annotations.of(this).addWarningV2("chat:broker-image-not-ecr",
                    "brokerImage '" + uri + "' is not an ECR image: the broker tasks run in isolated subnets with"
                            + " no NAT gateway and can pull only from ECR (through the VPC endpoints).");
            return ContainerImage.fromRegistry(uri);
        }
        Path root = Path.of(settings.brokerAssetRoot());
        if (!Files.isRegularFile(root.resolve(DOCKERFILE))) {
            throw new IllegalArgumentException("no " + DOCKERFILE + " under brokerAssetRoot '"
                    + root.toAbsolutePath().normalize() + "' (it must be the repository root), or pass -c brokerImage=…");
        }
        if (!Files.isRegularFile(root.resolve(QUARKUS_APP).resolve("quarkus-run.jar"))) {
            Annotations.of(this).addWarningV2("chat:broker-not-built",
                    "'" + root.resolve(QUARKUS_APP).normalize() + "/quarkus-run.jar' does not exist: build the broker"
                            + " (mvn -pl connection-broker -am package) before 'cdk deploy', whose docker build"
                            + " copies it into the image.");
        }
        // The build context is the repository root, filtered down to the broker's quarkus-app and the Dockerfile
        // (Docker ignore semantics). Synth only copies these files into cdk.out: docker runs at deploy time.
        return ContainerImage.fromAsset(root.toString(), AssetImageProps.builder()
                .file(DOCKERFILE)
                .ignoreMode(IgnoreMode.DOCKER)
                .exclude(List.of(
                        "*",
                        "!" + QUARKUS_APP,
                        "!infra-cdk/docker/broker",
                        "connection-broker/src",
                        "infra-cdk/target",
                        "infra-cdk/cdk.out"))
                .platform(Platform.LINUX_AMD64)
                .build());
    }

    /** Lets {@code peer} call the delivery callbacks on the broker tasks' internal port. */
    public void allowCallbacksFrom(IConnectable peer, String description) {
        service.getConnections().allowFrom(peer, Port.tcp(INTERNAL_PORT), description);
    }

    public FargateService service() {
        return service;
    }

    public ApplicationLoadBalancer alb() {
        return alb;
    }

    public ApplicationTargetGroup targetGroup() {
        return targetGroup;
    }

    public SecurityGroup securityGroup() {
        return securityGroup;
    }

    public boolean tls() {
        return tls;
    }

    /** Where devices connect. */
    public String webSocketUrl() {
        return (tls ? "wss://" : "ws://") + alb.getLoadBalancerDnsName() + "/v1/ws";
    }
}
