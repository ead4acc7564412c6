package chat.infra;

import static chat.infra.Cfn.getAtt;
import static chat.infra.Cfn.list;
import static chat.infra.Cfn.map;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.schema.QueueDef;
import chat.model.schema.Queues;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;

/**
 * The four Lambda functions: runtime and handler, configuration, which zip each runs, the SQS event sources, the
 * reaper's schedule, and which of them sit in the VPC (those that call the brokers back).
 */
class FunctionsTest {
    private static final List<String> ALL = List.of("api", "fanout", "push", "reaper");
    private static Synth.Result dev;
    private static Synth.Result prod;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
        prod = Synth.prod();
    }

    @Test
    void jvmFunctionsRunJava21WithTheQuarkusHandler() {
        for (String fn : ALL) {
            dev.template().hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", dev.prefix() + fn,
                    "Runtime", "java21",
                    "Handler", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest")));
        }
    }

    @Test
    void nativeContextSwitchesToProvidedAl2023() {
        for (String fn : ALL) {
            prod.template().hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", prod.prefix() + fn,
                    "Runtime", "provided.al2023",
                    "Environment", Match.objectLike(Map.of("Variables", Match.objectLike(Map.of(
                            "DISABLE_SIGNAL_HANDLERS", "true")))))));
        }
    }

    @Test
    void configurationComesThroughTheEnvironmentWithTheLambdaProfile() {
        for (String fn : ALL) {
            Map<String, Object> env = env(dev, fn);
            assertThat(env).as(fn).containsEntry("QUARKUS_PROFILE", "lambda")
                    .containsEntry("CHAT_STAGE", "dev")
                    .containsEntry("CHAT_TABLES_PREFIX", "chat-dev-")
                    .containsEntry("CHAT_QUEUES_PREFIX", "chat-dev-")
                    .doesNotContainKeys("CHAT_INTERNAL_KEY", "CHAT_AUTH_TOKEN_SECRET");
            // only where the function reads them at start: the secrets' ARNs (Refs), never a value
            assertThat(env.get(Lambdas.INTERNAL_KEY_ARN)).isEqualTo(Cfn.ref(secret(dev, "InternalKey")));
            assertThat(env.get(Lambdas.TOKEN_SECRET_ARN)).isEqualTo(Cfn.ref(secret(dev, "TokenSecret")));
            assertThat(env.values()).as(fn).noneMatch(v -> v.toString().contains("resolve:secretsmanager"));
            assertThat(env.keySet()).as(fn).noneMatch(k -> k.startsWith("CHAT_PUSH_"));
        }
        // the named handlers of the workers zip (functions' chat.functions.lambda); api has the REST handler only
        assertThat(env(dev, "api")).doesNotContainKey("QUARKUS_LAMBDA_HANDLER");
        for (String fn : List.of("fanout", "push", "reaper")) {
            assertThat(env(dev, fn)).containsEntry("QUARKUS_LAMBDA_HANDLER", fn);
        }
    }

    @Test
    void pushCredentialsComeFromThePushSecretForTheListedServicesOnly() {
        Map<String, Object> push = env(prod, "push");
        List<String> expected = List.of("CHAT_PUSH_WEBPUSH_SUBJECT", "CHAT_PUSH_WEBPUSH_PUBLIC_KEY",
                "CHAT_PUSH_WEBPUSH_PRIVATE_KEY", "CHAT_PUSH_APNS_TOPIC", "CHAT_PUSH_APNS_TEAM_ID",
                "CHAT_PUSH_APNS_KEY_ID", "CHAT_PUSH_APNS_PRIVATE_KEY");
        assertThat(push.keySet().stream().filter(k -> k.startsWith("CHAT_PUSH_")).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        for (String key : expected) {
            assertThat(push.get(key).toString())
                    .isEqualTo("{{resolve:secretsmanager:" + Synth.PUSH_SECRET + ":SecretString:" + key + "::}}");
        }
        // the api serves the VAPID public key to browsers, and gets nothing else of the secret
        assertThat(env(prod, "api").keySet().stream().filter(k -> k.startsWith("CHAT_PUSH_")).toList())
                .containsExactly("CHAT_PUSH_WEBPUSH_PUBLIC_KEY");
        assertThat(env(prod, "fanout").keySet()).noneMatch(k -> k.startsWith("CHAT_PUSH_"));
    }

    @Test
    void apiRunsTheApiZipAndTheOthersTheWorkersZip() {
        String apiCode = code(dev, "api");
        assertThat(apiCode).isNotEqualTo(code(dev, "fanout"));
        for (String fn : List.of("push", "reaper")) {
            assertThat(code(dev, fn)).as(fn).isEqualTo(code(dev, "fanout"));
        }
    }

    @Test
    void fanoutAndPushAreFedByTheirQueuesInBatchesOfTenWithPartialFailures() {
        dev.template().resourceCountIs("AWS::Lambda::EventSourceMapping", 2);
        for (QueueDef q : List.of(Queues.FANOUT, Queues.PUSH)) {
            String queue = Cfn.idWhere(dev, "AWS::SQS::Queue", "QueueName", q.fullName(dev.prefix()));
            String fn = functionId(dev, q.name());
            dev.template().hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                    "EventSourceArn", getAtt(queue, "Arn"),
                    "FunctionName", Match.anyValue(),
                    "BatchSize", 10,
                    "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                    "Tags", Match.anyValue()));
            // the live alias ("<function name>:live", from the alias' ARN), so that SnapStart applies
            String mapping = Cfn.idWhere(dev, "AWS::Lambda::EventSourceMapping", "EventSourceArn",
                    getAtt(queue, "Arn"));
            assertThat(props(Cfn.resource(dev, mapping)).get("FunctionName").toString())
                    .contains(liveAliasId(dev, q.name()), ":" + Lambdas.LIVE_ALIAS);
            int timeout = ((Number) props(Cfn.resource(dev, fn)).get("Timeout")).intValue();
            assertThat(timeout).as("%s timeout within the queue's visibility timeout", q.name())
                    .isLessThanOrEqualTo(q.visibilityTimeoutSeconds());
        }
    }

    @Test
    void reaperRunsEveryMinuteOnAnEventBridgeScheduleWithinItsPeriod() {
        String reaper = functionId(dev, "reaper");
        String live = liveAliasId(dev, "reaper");
        dev.template().resourceCountIs("AWS::Events::Rule", 1);
        dev.template().hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "Name", "chat-dev-reaper",
                "ScheduleExpression", "rate(1 minute)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Cfn.ref(live),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 0)))))));
        dev.template().hasResourceProperties("AWS::Lambda::Permission", Match.objectLike(Map.of(
                "FunctionName", Cfn.ref(live),
                "Principal", "events.amazonaws.com")));
        assertThat(((Number) props(Cfn.resource(dev, reaper)).get("Timeout")).intValue()).isLessThan(60);
    }

    @Test
    void jvmFunctionsStartFromASnapStartSnapshotOfAPublishedVersion() {
        for (String fn : ALL) {
            Map<String, Object> p = props(Cfn.resource(dev, functionId(dev, fn)));
            assertThat(p.get("SnapStart")).as(fn).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        }
    }

    @Test
    void nativeFunctionsHaveNoSnapStart() {
        for (String fn : ALL) {
            assertThat(props(Cfn.resource(prod, functionId(prod, fn)))).as(fn).doesNotContainKey("SnapStart");
        }
    }

    @Test
    void everyFunctionHasALiveAliasOnTheVersionThisDeploymentPublishes() {
        for (Synth.Result r : List.of(dev, prod)) {
            for (String fn : ALL) {
                Map<String, Object> alias = props(Cfn.resource(r, liveAliasId(r, fn)));
                assertThat(alias.get("Name")).isEqualTo(Lambdas.LIVE_ALIAS);
                String version = Cfn.target(alias.get("FunctionVersion"));
                assertThat(Cfn.resource(r, version).get("Type")).isEqualTo("AWS::Lambda::Version");
                assertThat(props(Cfn.resource(r, version)).get("FunctionName"))
                        .isEqualTo(Cfn.ref(functionId(r, fn)));
            }
        }
    }

    /** The {@code live} alias of the function (what its triggers invoke). */
    static String liveAliasId(Synth.Result r, String fn) {
        return Cfn.idWhere(r, "AWS::Lambda::Alias", "FunctionName", Cfn.ref(functionId(r, fn)));
    }

    private static String secret(Synth.Result r, String idPart) {
        return Cfn.ofType(r, "AWS::SecretsManager::Secret").keySet().stream().filter(id -> id.contains(idPart))
                .findFirst().orElseThrow();
    }

    @Test
    void theFunctionsThatCallBrokersBackRunInTheIsolatedSubnetsAndMayReachTheirInternalPort() {
        String brokerSg = Cfn.target(list(map(map(props(Cfn.resource(dev, serviceId(dev)))
                .get("NetworkConfiguration")).get("AwsvpcConfiguration")).get("SecurityGroups")).get(0));
        String functionsSg = null;
        for (String fn : List.of("api", "fanout", "reaper")) {
            Map<String, Object> vpc = map(props(Cfn.resource(dev, functionId(dev, fn))).get("VpcConfig"));
            assertThat(list(vpc.get("SubnetIds"))).as(fn).hasSize(2).allSatisfy(s ->
                    assertThat(Cfn.target(s)).contains("private"));
            List<Object> groups = list(vpc.get("SecurityGroupIds"));
            assertThat(groups).hasSize(1);
            functionsSg = Cfn.target(groups.get(0));
        }
        dev.template().hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "GroupId", getAtt(brokerSg, "GroupId"),
                "SourceSecurityGroupId", getAtt(functionsSg, "GroupId"),
                "IpProtocol", "tcp", "FromPort", 8090, "ToPort", 8090,
                "Description", Match.anyValue()));
        // out: 443 (VPC endpoints) and 8090 to the brokers, nothing else
        Map<String, Object> sg = props(Cfn.resource(dev, functionsSg));
        assertThat(list(sg.get("SecurityGroupEgress"))).hasSize(1).first()
                .satisfies(e -> assertThat(map(e)).containsEntry("FromPort", 443).containsEntry("ToPort", 443));
        dev.template().hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of(
                "GroupId", getAtt(functionsSg, "GroupId"),
                "DestinationSecurityGroupId", getAtt(brokerSg, "GroupId"),
                "IpProtocol", "tcp", "FromPort", 8090, "ToPort", 8090,
                "Description", Match.anyValue()));
        // push calls push services on the internet: outside the VPC (which has no NAT gateway)
        assertThat(props(Cfn.resource(dev, functionId(dev, "push")))).doesNotContainKey("VpcConfig");
    }

    @Test
    void theVpcHasAnSqsEndpointForTheFunctionsSends() {
        assertThat(Cfn.ofType(dev, "AWS::EC2::VPCEndpoint").values().stream().map(Cfn::props)
                .map(p -> String.valueOf(p.get("ServiceName")))).anyMatch(n -> n.contains(".sqs"));
    }

    @Test
    void eachFunctionHasALogGroupWithRetention() {
        for (Synth.Result r : List.of(dev, prod)) {
            for (String fn : ALL) {
                r.template().hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                        "LogGroupName", "/aws/lambda/" + r.prefix() + fn,
                        "RetentionInDays", r == prod ? 90 : 14));
            }
        }
    }

    @Test
    void aMissingFunctionsAssetIsAClearError() {
        Path missing = Synth.workDir("missing-").resolve("nope/function.zip");
        App app = ChatApp.app(Map.of("region", Synth.REGION, "functionsAsset", missing.toString()),
                Synth.workDir("out-").toString());
        assertThatThrownBy(() -> ChatApp.build(app))
                .hasMessageContaining("functions asset")
                .hasMessageContaining("-Plambda")
                .hasMessageContaining("functionsAsset");
        Path api = Synth.fakeFunctionZip(Synth.workDir("missing-"), "lambda-api");
        App noWorkers = ChatApp.app(Map.of("region", Synth.REGION, "functionsAsset", api.toString(),
                "workersAsset", missing.toString()),
                Synth.workDir("out-").toString());
        assertThatThrownBy(() -> ChatApp.build(noWorkers))
                .hasMessageContaining("-Plambda-workers")
                .hasMessageContaining("workersAsset");
    }

    static String serviceId(Synth.Result r) {
        return Cfn.idWhere(r, "AWS::ECS::Service", "ServiceName", r.prefix() + "broker");
    }

    static String functionId(Synth.Result r, String fn) {
        return Cfn.idWhere(r, "AWS::Lambda::Function", "FunctionName", r.prefix() + fn);
    }

    private static Map<String, Object> env(Synth.Result r, String fn) {
        return map(map(props(Cfn.resource(r, functionId(r, fn))).get("Environment")).get("Variables"));
    }

    private static String code(Synth.Result r, String fn) {
        return String.valueOf(map(props(Cfn.resource(r, functionId(r, fn))).get("Code")).get("S3Key"));
    }
}
