package chat.infra;

import static chat.infra.Cfn.list;
import static chat.infra.Cfn.map;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Public /v1/* on a regional REST API; /internal/* only on a private REST API that admits requests from the VPC's
 * execute-api endpoint alone, which is where the broker's CHAT_BROKER_FUNCTIONS_URL points.
 */
class HttpRoutesTest {
    private static Synth.Result dev;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
    }

    @Test
    void publicApiExposesV1OnlyAndNoInternalRoute() {
        String api = Cfn.idWhere(dev, "AWS::ApiGateway::RestApi", "Name", dev.prefix() + "public");
        assertThat(props(Cfn.resource(dev, api)).get("EndpointConfiguration"))
                .isEqualTo(Map.of("Types", List.of("REGIONAL")));
        assertThat(pathParts(api)).containsExactlyInAnyOrder("v1", "{proxy+}");
    }

    @Test
    void privateApiCarriesInternalAndAdmitsOnlyTheVpcEndpoint() {
        String api = Cfn.idWhere(dev, "AWS::ApiGateway::RestApi", "Name", dev.prefix() + "internal");
        Map<String, Object> p = props(Cfn.resource(dev, api));
        Map<String, Object> endpointConfig = map(p.get("EndpointConfiguration"));
        assertThat(endpointConfig.get("Types")).isEqualTo(List.of("PRIVATE"));
        String endpoint = Cfn.target(list(endpointConfig.get("VpcEndpointIds")).get(0));
        Map<String, Object> vpce = props(Cfn.resource(dev, endpoint));
        assertThat(vpce.get("PrivateDnsEnabled")).isEqualTo(true);
        assertThat(vpce.get("ServiceName").toString()).contains("execute-api");

        List<Map<String, Object>> statements = list(map(p.get("Policy")).get("Statement")).stream()
                .map(Cfn::map).toList();
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.get("Effect")).isEqualTo("Deny");
            assertThat(s.get("Condition")).isEqualTo(
                    Map.of("StringNotEquals", Map.of("aws:SourceVpce", Cfn.ref(endpoint))));
        });
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.get("Effect")).isEqualTo("Allow");
            assertThat(s.get("Condition")).isEqualTo(
                    Map.of("StringEquals", Map.of("aws:SourceVpce", Cfn.ref(endpoint))));
        });
        assertThat(pathParts(api)).contains("internal", "{proxy+}");
    }

    @Test
    void bothApisProxyEverythingToTheApiFunctionsLiveAlias() {
        String fn = FunctionsTest.liveAliasId(dev, "api");
        dev.template().resourceCountIs("AWS::ApiGateway::Method", 3);
        assertThat(Cfn.ofType(dev, "AWS::ApiGateway::Method").values()).allSatisfy(m -> {
            Map<String, Object> integration = map(props(m).get("Integration"));
            assertThat(integration.get("Type")).isEqualTo("AWS_PROXY");
            assertThat(integration.get("Uri").toString()).contains(fn);
            assertThat(props(m).get("HttpMethod")).isEqualTo("ANY");
        });
    }

    @Test
    void brokerCallsTheFunctionsThroughThePrivateApi() {
        String api = Cfn.idWhere(dev, "AWS::ApiGateway::RestApi", "Name", dev.prefix() + "internal");
        Map<String, Object> container = map(list(props(Cfn.ofType(dev, "AWS::ECS::TaskDefinition").values()
                .iterator().next()).get("ContainerDefinitions")).get(0));
        Object url = list(container.get("Environment")).stream().map(Cfn::map)
                .filter(e -> "CHAT_BROKER_FUNCTIONS_URL".equals(e.get("Name")))
                .findFirst().orElseThrow().get("Value");
        assertThat(url).isEqualTo(Map.of("Fn::Join", List.of("", List.of(
                "https://", Cfn.ref(api), ".execute-api.", Cfn.ref("AWS::Region"), ".", Cfn.ref("AWS::URLSuffix"),
                "/dev"))));
    }

    private static List<String> pathParts(String apiId) {
        return Cfn.ofType(dev, "AWS::ApiGateway::Resource").values().stream()
                .map(Cfn::props)
                .filter(r -> Cfn.ref(apiId).equals(r.get("RestApiId")))
                .map(r -> (String) r.get("PathPart"))
                .collect(Collectors.toList());
    }
}
