package chat.infra;

import static chat.infra.Cfn.list;
import static chat.infra.Cfn.map;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The broker service, its load balancer (TLS or not), its network placement and autoscaling. */
class BrokerTest {
    private static Synth.Result dev;
    private static Synth.Result prod;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
        prod = Synth.prod();
    }

    @Test
    void withoutACertificateTheAlbListensOnHttpAndWarns() {
        dev.template().resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
        dev.template().hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                "Port", 80, "Protocol", "HTTP")));
        dev.annotations().hasWarning("/Chat-dev/Broker/Alb/Http",
                Match.stringLikeRegexp(".*certificateArn.*"));
    }

    @Test
    void withACertificateTheAlbTerminatesTlsAndRedirectsHttp() {
        prod.template().resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
        prod.template().hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                "Port", 443, "Protocol", "HTTPS",
                "Certificates", List.of(Map.of("CertificateArn", Synth.CERT)))));
        prod.template().hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                "Port", 80, "Protocol", "HTTP",
                "DefaultActions", List.of(Match.objectLike(Map.of("Type", "redirect"))))));
        assertThat(prod.annotations().findWarning("*", Match.stringLikeRegexp(".*certificateArn.*"))).isEmpty();
    }

    @Test
    void albKeepsIdleWebSocketsOpen() {
        dev.template().hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of(
                "Scheme", "internet-facing",
                "LoadBalancerAttributes", Match.arrayWith(List.of(Map.of(
                        "Key", "idle_timeout.timeout_seconds", "Value", "300"))))));
    }

    @Test
    void tasksRunInIsolatedSubnetsWithoutPublicIpsAndNoNatExists() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Object> net = map(map(props(Cfn.resource(r, FunctionsTest.serviceId(r)))
                    .get("NetworkConfiguration")).get("AwsvpcConfiguration"));
            assertThat(net.get("AssignPublicIp")).isEqualTo("DISABLED");
            for (Object subnet : list(net.get("Subnets"))) {
                String id = Cfn.target(subnet);
                assertThat(props(Cfn.resource(r, id)).get("MapPublicIpOnLaunch")).isEqualTo(false);
                assertThat(id).contains("private");
            }
            r.template().resourceCountIs("AWS::EC2::NatGateway", 0);
        }
    }

    @Test
    void theAlbForwardsOnlyThePublicPortAndRefusesInternalPathsItself() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Object> targets = props(Cfn.ofType(r, "AWS::ElasticLoadBalancingV2::TargetGroup").values()
                    .iterator().next());
            assertThat(targets).containsEntry("Port", Broker.PORT);
            assertThat(Cfn.ofType(r, "AWS::ElasticLoadBalancingV2::TargetGroup")).hasSize(1);
            Map<String, Object> service = props(Cfn.resource(r, FunctionsTest.serviceId(r)));
            assertThat(list(service.get("LoadBalancers"))).hasSize(1).allSatisfy(lb ->
                    assertThat(map(lb)).containsEntry("ContainerPort", Broker.PORT));
            r.template().hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Match.objectLike(Map.of(
                    "Priority", 1,
                    "Conditions", List.of(Match.objectLike(Map.of("Field", "path-pattern",
                            "PathPatternConfig", Map.of("Values", List.of("/internal/*"))))),
                    "Actions", List.of(Match.objectLike(Map.of("Type", "fixed-response",
                            "FixedResponseConfig", Match.objectLike(Map.of("StatusCode", "404"))))))));
        }
    }

    @Test
    void theHealthCheckIsOnThePublicPortAtTheConfiguredPath() {
        dev.template().hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "HealthCheckPath", StackSettings.DEFAULT_BROKER_HEALTH_PATH, "Port", Broker.PORT)));
    }

    @Test
    void brokerSecurityGroupAdmitsOnlyTheAlbAndTheInVpcFunctions() {
        String brokerSg = Cfn.target(list(map(map(props(Cfn.resource(dev, FunctionsTest.serviceId(dev)))
                .get("NetworkConfiguration")).get("AwsvpcConfiguration")).get("SecurityGroups")).get(0));
        assertThat(props(Cfn.resource(dev, brokerSg))).doesNotContainKey("SecurityGroupIngress");
        List<Map<String, Object>> ingress = Cfn.ofType(dev, "AWS::EC2::SecurityGroupIngress").values().stream()
                .map(Cfn::props)
                .filter(i -> Cfn.getAtt(brokerSg, "GroupId").equals(i.get("GroupId")))
                .toList();
        assertThat(ingress).hasSize(2).allSatisfy(i -> assertThat(i)
                .containsKey("SourceSecurityGroupId").doesNotContainKey("CidrIp"));
        String albSg = Cfn.target(list(props(Cfn.ofType(dev, "AWS::ElasticLoadBalancingV2::LoadBalancer").values()
                .iterator().next()).get("SecurityGroups")).get(0));
        // the ALB reaches the public port only; the internal port is for the functions only
        assertThat(ingress).anySatisfy(i -> assertThat(i).containsEntry("FromPort", 8080).containsEntry("ToPort", 8080)
                .containsEntry("SourceSecurityGroupId", Cfn.getAtt(albSg, "GroupId")));
        assertThat(ingress).anySatisfy(i -> assertThat(i).containsEntry("FromPort", 8090).containsEntry("ToPort", 8090)
                .doesNotContainEntry("SourceSecurityGroupId", Cfn.getAtt(albSg, "GroupId")));
    }

    @Test
    void secretsAreInjectedByEcsAndTheImageComesFromTheAssetOrTheGivenEcrImage() {
        for (Synth.Result r : List.of(dev, prod)) {
            Map<String, Object> container = map(list(props(Cfn.ofType(r, "AWS::ECS::TaskDefinition").values()
                    .iterator().next()).get("ContainerDefinitions")).get(0));
            assertThat(list(container.get("Secrets")).stream().map(s -> map(s).get("Name")))
                    .containsExactlyInAnyOrder("CHAT_INTERNAL_KEY", "CHAT_AUTH_TOKEN_SECRET");
            assertThat(list(container.get("Environment")).stream().map(s -> map(s).get("Name")))
                    .contains("CHAT_BROKER_FUNCTIONS_URL", "QUARKUS_HTTP_HOST")
                    .doesNotContain("CHAT_INTERNAL_KEY", "CHAT_AUTH_TOKEN_SECRET");
            assertThat(list(container.get("PortMappings"))).containsExactly(
                    Map.of("ContainerPort", 8080, "Protocol", "tcp"), Map.of("ContainerPort", 8090, "Protocol", "tcp"));
            assertThat(list(container.get("Environment"))).contains(
                    Map.of("Name", "CHAT_BROKER_INTERNAL_PORT", "Value", "8090"),
                    Map.of("Name", "CHAT_BROKER_CALLBACK_PORT", "Value", "8090"));
        }
        assertThat(image(dev)).contains("cdk-hnb659fds-container-assets");
        assertThat(image(prod)).contains("123456789012.dkr.ecr.eu-west-1.").contains("chat/broker:1.2.3");
    }

    @Test
    void autoscalesOnCpuNewConnectionsAndOpenConnectionsPerTask() {
        for (Synth.Result r : List.of(dev, prod)) {
            r.template().resourceCountIs("AWS::ApplicationAutoScaling::ScalingPolicy", 3);
            r.template().hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of(
                    "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                            "PredefinedMetricSpecification", Match.objectLike(Map.of(
                                    "PredefinedMetricType", "ECSServiceAverageCPUUtilization")))))));
            r.template().hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of(
                    "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                            "PredefinedMetricSpecification", Match.objectLike(Map.of(
                                    "PredefinedMetricType", "ALBRequestCountPerTarget")))))));
            String policies = Cfn.ofType(r, "AWS::ApplicationAutoScaling::ScalingPolicy").toString();
            assertThat(policies).contains("ActiveConnectionCount", "HealthyHostCount", "active / healthy");
        }
        dev.template().hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Match.objectLike(Map.of(
                "MinCapacity", 1, "MaxCapacity", 2)));
        prod.template().hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Match.objectLike(Map.of(
                "MinCapacity", 2, "MaxCapacity", 10)));
    }

    @Test
    void serviceWaitsForTheEndpointsItNeedsToStart() {
        Map<String, Object> service = Cfn.resource(dev, FunctionsTest.serviceId(dev));
        List<Object> dependsOn = list(service.get("DependsOn"));
        List<Map.Entry<String, Map<String, Object>>> endpoints = Cfn.ofType(dev, "AWS::EC2::VPCEndpoint").entrySet()
                .stream().filter(e -> "Interface".equals(props(e.getValue()).get("VpcEndpointType"))).toList();
        assertThat(endpoints).hasSize(6);
        // all but SQS, which only the functions use
        assertThat(endpoints.stream().filter(e -> !String.valueOf(props(e.getValue()).get("ServiceName"))
                .contains(".sqs")).map(Map.Entry::getKey).toList())
                .hasSize(5).allSatisfy(id -> assertThat(dependsOn).contains(id));
    }

    @Test
    void theInterfaceEndpointsAdmitTheFunctionsAndTheBrokerOnly() {
        String functionsSg = Cfn.ofType(dev, "AWS::EC2::SecurityGroup").keySet().stream()
                .filter(id -> id.startsWith("NetworkFunctionsSg")).findFirst().orElseThrow();
        String brokerSg = Cfn.ofType(dev, "AWS::EC2::SecurityGroup").keySet().stream()
                .filter(id -> id.startsWith("BrokerSg")).findFirst().orElseThrow();
        List<Map.Entry<String, Map<String, Object>>> endpoints = Cfn.ofType(dev, "AWS::EC2::VPCEndpoint").entrySet()
                .stream().filter(e -> "Interface".equals(props(e.getValue()).get("VpcEndpointType"))).toList();
        assertThat(endpoints).hasSize(6);
        for (var endpoint : endpoints) {
            String group = Cfn.target(list(props(endpoint.getValue()).get("SecurityGroupIds")).get(0));
            assertThat(props(Cfn.resource(dev, group)).get("SecurityGroupIngress")).as(endpoint.getKey()).isNull();
            List<Map<String, Object>> ingress = Cfn.ofType(dev, "AWS::EC2::SecurityGroupIngress").values().stream()
                    .map(Cfn::props).filter(p -> group.equals(Cfn.target(p.get("GroupId")))).toList();
            assertThat(ingress).as(endpoint.getKey()).hasSize(2).allSatisfy(p -> assertThat(p)
                    .containsEntry("FromPort", 443).containsEntry("ToPort", 443).doesNotContainKey("CidrIp"));
            assertThat(ingress.stream().map(p -> Cfn.target(p.get("SourceSecurityGroupId"))))
                    .containsExactlyInAnyOrder(functionsSg, brokerSg);
        }
    }

    private static String image(Synth.Result r) {
        Map<String, Object> container = map(list(props(Cfn.ofType(r, "AWS::ECS::TaskDefinition").values()
                .iterator().next()).get("ContainerDefinitions")).get(0));
        return container.get("Image").toString();
    }
}
