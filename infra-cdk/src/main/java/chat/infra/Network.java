package chat.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * A two-AZ VPC with <b>no NAT gateway</b>: public subnets hold only the ALB; the broker tasks and the functions that
 * call the brokers back ({@code api}, {@code fanout}, {@code reaper}) sit in isolated subnets whose only ways out are
 * VPC endpoints:
 * <ul>
 *   <li>gateway endpoints (free) for DynamoDB (the functions) and S3 (ECR image layers);</li>
 *   <li>interface endpoints for what the broker's tasks need to start and run: ECR API + ECR Docker (image pull),
 *       CloudWatch Logs (awslogs driver), Secrets Manager (ECS injects the two secrets), and execute-api (the
 *       private REST API that is the broker's only way to the functions); and SQS, for the functions' sends (api to
 *       the fanout queue, fanout to the push queue).</li>
 * </ul>
 * The in-VPC functions share one security group: out to 443 (the endpoints) and, once the broker admits it, 8090 (the
 * broker's internal port) on the broker tasks; nothing in. The interface endpoints admit HTTPS from the functions'
 * and the broker's security groups only ({@link #allowEndpointsFrom}), not from the whole VPC.
 * Flow logs of all traffic (accepted and rejected) go to the {@link LogArchive}.
 * Outside prod the interface endpoints get an ENI in one AZ only (half the hourly price; tasks in the other AZ reach
 * it across AZs); in prod one per AZ.
 */
public final class Network extends Construct {
    private final Vpc vpc;
    private final InterfaceVpcEndpoint executeApiEndpoint;
    private final List<InterfaceVpcEndpoint> interfaceEndpoints;
    private final InterfaceVpcEndpoint sqsEndpoint;
    private final SecurityGroup functionsSecurityGroup;

    public Network(Construct scope, String id, StackSettings settings, LogArchive logs) {
        super(scope, id);
        SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        vpc = Vpc.Builder.create(this, "Vpc")
                .vpcName(settings.prefix() + "vpc")
                .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(20).build()))
                .gatewayEndpoints(Map.of(
                        "DynamoDb", GatewayVpcEndpointOptions.builder()
                                .service(GatewayVpcEndpointAwsService.DYNAMODB).subnets(List.of(isolated)).build(),
                        "S3", GatewayVpcEndpointOptions.builder()
                                .service(GatewayVpcEndpointAwsService.S3).subnets(List.of(isolated)).build()))
                .build();
        vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                .destination(FlowLogDestination.toS3(logs.bucket(), LogArchive.FLOW_PREFIX))
                .trafficType(FlowLogTrafficType.ALL)
                .build());

        SubnetSelection endpointSubnets = settings.prod()
                ? isolated
                : SubnetSelection.builder().subnets(List.of(vpc.getIsolatedSubnets().get(0))).build();
        executeApiEndpoint = endpoint("ExecuteApi", InterfaceVpcEndpointAwsService.APIGATEWAY, endpointSubnets);
        interfaceEndpoints = List.of(
                endpoint("EcrApi", InterfaceVpcEndpointAwsService.ECR, endpointSubnets),
                endpoint("EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER, endpointSubnets),
                endpoint("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, endpointSubnets),
                endpoint("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER, endpointSubnets),
                executeApiEndpoint);
        sqsEndpoint = endpoint("Sqs", InterfaceVpcEndpointAwsService.SQS, endpointSubnets);

        functionsSecurityGroup = SecurityGroup.Builder.create(this, "FunctionsSg")
                .vpc(vpc)
                .description("chat " + settings.stage() + " in-VPC functions: out to broker callbacks and AWS endpoints")
                .allowAllOutbound(false)
                .build();
        // isolated subnets have no route but the VPC and its endpoints: 443 reaches only the DynamoDB gateway
        // endpoint and the interface endpoints
        functionsSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                "HTTPS to the VPC endpoints (no other route out of the isolated subnets)");
        allowEndpointsFrom(functionsSecurityGroup);
    }

    /** Lets {@code peer} reach every interface endpoint on 443. */
    public void allowEndpointsFrom(IConnectable peer) {
        for (InterfaceVpcEndpoint endpoint : allInterfaceEndpoints()) {
            endpoint.getConnections().allowDefaultPortFrom(peer);
        }
    }

    private List<InterfaceVpcEndpoint> allInterfaceEndpoints() {
        List<InterfaceVpcEndpoint> all = new java.util.ArrayList<>(interfaceEndpoints);
        all.add(sqsEndpoint);
        return all;
    }

    private InterfaceVpcEndpoint endpoint(String id, IInterfaceVpcEndpointService service, SubnetSelection subnets) {
        // closed: the endpoint's security group admits only the peers of allowEndpointsFrom
        return vpc.addInterfaceEndpoint(id, InterfaceVpcEndpointOptions.builder()
                .service(service)
                .subnets(subnets)
                .privateDnsEnabled(true)
                .open(false)
                .build());
    }

    public Vpc vpc() {
        return vpc;
    }

    /** The interface endpoints the broker needs: a task cannot start (pull, log, read secrets) before they exist. */
    public List<InterfaceVpcEndpoint> interfaceEndpoints() {
        return interfaceEndpoints;
    }

    /** SQS, for the in-VPC functions' sends. */
    public InterfaceVpcEndpoint sqsEndpoint() {
        return sqsEndpoint;
    }

    /** The security group of the functions in the VPC; the broker admits it on its callback port. */
    public SecurityGroup functionsSecurityGroup() {
        return functionsSecurityGroup;
    }

    /** The isolated subnets: the broker tasks and the in-VPC functions. */
    public SubnetSelection isolatedSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }

    /** The execute-api endpoint: the private REST API accepts requests only through it. */
    public InterfaceVpcEndpoint executeApiEndpoint() {
        return executeApiEndpoint;
    }
}
