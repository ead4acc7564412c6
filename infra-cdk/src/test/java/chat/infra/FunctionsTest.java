package chat.infra;

import static chat.infra.Cfn.getAtt;
import static chat.infra.Cfn.list;
import static chat.infra.Cfn.map;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.schema.Queues;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;

/** The two Lambda functions, their configuration, the SQS event source and the VPC placement of fan-out. */
class FunctionsTest {
    private static Synth.Result dev;
    private static Synth.Result prod;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
        prod = Synth.prod();
    }

    @Test
    void jvmFunctionsRunJava21WithTheQuarkusHandler() {
        for (String fn : List.of("api", "fanout")) {
            dev.template().hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", dev.prefix() + fn,
                    "Runtime", "java21",
                    "Handler", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest")));
        }
    }

    @Test
    void nativeContextSwitchesToProvidedAl2023() {
        for (String fn : List.of("api", "fanout")) {
            prod.template().hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", prod.prefix() + fn,
                    "Runtime", "provided.al2023",
                    "Environment", Match.objectLike(Map.of("Variables", Match.objectLike(Map.of(
                            "DISABLE_SIGNAL_HANDLERS", "true")))))));
        }
    }

    @Test
    void configurationComesThroughTheEnvironment() {
        for (String fn : List.of("api", "fanout")) {
            Map<String, Object> env = env(dev, fn);
            assertThat(env).containsEntry("CHAT_TABLES_PREFIX", "chat-dev-")
                    .containsEntry("CHAT_QUEUES_PREFIX", "chat-dev-")
                    .containsKeys("CHAT_INTERNAL_KEY", "CHAT_AUTH_TOKEN_SECRET");
            for (String secretVar : List.of("CHAT_INTERNAL_KEY", "CHAT_AUTH_TOKEN_SECRET")) {
                // a CloudFormation dynamic reference to a Secrets Manager secret, never a literal
                assertThat(env.get(secretVar).toString()).contains("{{resolve:secretsmanager:").contains("Ref=");
            }
        }
        assertThat(env(dev, "fanout")).containsEntry("QUARKUS_LAMBDA_HANDLER", "fanout");
    }

    @Test
    void fanoutIsFedByTheFanoutQueueInBatchesOfTenWithPartialFailures() {
        String queue = Cfn.idWhere(dev, "AWS::SQS::Queue", "QueueName", Queues.FANOUT.fullName(dev.prefix()));
        String fanout = Cfn.idWhere(dev, "AWS::Lambda::Function", "FunctionName", dev.prefix() + "fanout");
        dev.template().resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        dev.template().hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", getAtt(queue, "Arn"),
                "FunctionName", Cfn.ref(fanout),
                "BatchSize", 10,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "Tags", Match.anyValue()));
        int timeout = ((Number) props(Cfn.resource(dev, fanout)).get("Timeout")).intValue();
        assertThat(timeout).as("function timeout within the queue's visibility timeout")
                .isLessThanOrEqualTo(Queues.FANOUT.visibilityTimeoutSeconds());
    }

    @Test
    void fanoutRunsInTheIsolatedSubnetsAndMayCallTheBrokersOn8080() {
        String fanout = Cfn.idWhere(dev, "AWS::Lambda::Function", "FunctionName", dev.prefix() + "fanout");
        Map<String, Object> vpc = map(props(Cfn.resource(dev, fanout)).get("VpcConfig"));
        assertThat(list(vpc.get("SubnetIds"))).hasSize(2).allSatisfy(s ->
                assertThat(Cfn.target(s)).contains("private"));
        String fanoutSg = Cfn.target(list(vpc.get("SecurityGroupIds")).get(0));

        String brokerSg = Cfn.target(list(map(map(props(Cfn.resource(dev, serviceId(dev)))
                .get("NetworkConfiguration")).get("AwsvpcConfiguration")).get("SecurityGroups")).get(0));
        dev.template().hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "GroupId", getAtt(brokerSg, "GroupId"),
                "SourceSecurityGroupId", getAtt(fanoutSg, "GroupId"),
                "IpProtocol", "tcp", "FromPort", 8080, "ToPort", 8080,
                "Description", Match.anyValue()));
        // the api function is not in the VPC: it needs nothing there
        String api = Cfn.idWhere(dev, "AWS::Lambda::Function", "FunctionName", dev.prefix() + "api");
        assertThat(props(Cfn.resource(dev, api))).doesNotContainKey("VpcConfig");
    }

    @Test
    void aMissingFunctionsAssetIsAClearError() {
        Path missing = Synth.workDir("missing-").resolve("nope/function.zip");
        App app = ChatApp.app(Map.of("functionsAsset", missing.toString()), Synth.workDir("out-").toString());
        assertThatThrownBy(() -> ChatApp.build(app))
                .hasMessageContaining("functions asset")
                .hasMessageContaining("functionsAsset");
    }

    static String serviceId(Synth.Result r) {
        return Cfn.idWhere(r, "AWS::ECS::Service", "ServiceName", r.prefix() + "broker");
    }

    private static Map<String, Object> env(Synth.Result r, String fn) {
        String id = Cfn.idWhere(r, "AWS::Lambda::Function", "FunctionName", r.prefix() + fn);
        return map(map(props(Cfn.resource(r, id)).get("Environment")).get("Variables"));
    }
}
