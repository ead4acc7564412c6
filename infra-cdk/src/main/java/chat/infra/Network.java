package chat.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * A two-AZ VPC with <b>no NAT gateway</b>: public subnets hold only the ALB; the broker tasks and the fan-out function
 * sit in isolated subnets whose only ways out are VPC endpoints:
 * <ul>
 *   <li>gateway endpoints (free) for DynamoDB (fan-out function) and S3 (ECR image layers);</li>
 *   <li>interface endpoints for what the broker's tasks need to start and run: ECR API + ECR Docker (image pull),
 *       CloudWatch Logs (awslogs driver), Secrets Manager (ECS injects the two secrets), and execute-api (the
 *       private REST API that is the broker's only way to the functions).</li>
 * </ul>
 * Outside prod the interface endpoints get an ENI in one AZ only (half the hourly price; tasks in the other AZ reach
 * it across AZs); in prod one per AZ.
 */
public final class Network extends Construct {
    private final Vpc vpc;
    private final InterfaceVpcEndpoint executeApiEndpoint;
    private final List<InterfaceVpcEndpoint> interfaceEndpoints;

    public Network(Construct scope, String id, ChatConfig config) {
        super(scope, id);
        SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        vpc = Vpc.Builder.create(this, "Vpc")
                .vpcName(config.prefix() + "vpc")
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

        SubnetSelection endpointSubnets = config.prod()
                ? isolated
                : SubnetSelection.builder().subnets(List.of(vpc.getIsolatedSubnets().get(0))).build();
        executeApiEndpoint = endpoint("ExecuteApi", InterfaceVpcEndpointAwsService.APIGATEWAY, endpointSubnets);
        interfaceEndpoints = List.of(
                endpoint("EcrApi", InterfaceVpcEndpointAwsService.ECR, endpointSubnets),
                endpoint("EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER, endpointSubnets),
                endpoint("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, endpointSubnets),
                endpoint("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER, endpointSubnets),
                executeApiEndpoint);
    }

    private InterfaceVpcEndpoint endpoint(String id, IInterfaceVpcEndpointService service, SubnetSelection subnets) {
        // open (the default): the endpoint's security group admits HTTPS from the VPC's CIDR
        return vpc.addInterfaceEndpoint(id, InterfaceVpcEndpointOptions.builder()
                .service(service)
                .subnets(subnets)
                .privateDnsEnabled(true)
                .open(true)
                .build());
    }

    public Vpc vpc() {
        return vpc;
    }

    /** Every interface endpoint: a broker task cannot start (pull, log, read secrets) before they exist. */
    public List<InterfaceVpcEndpoint> interfaceEndpoints() {
        return interfaceEndpoints;
    }

    /** The execute-api endpoint: the private REST API accepts requests only through it. */
    public InterfaceVpcEndpoint executeApiEndpoint() {
        return executeApiEndpoint;
    }
}
