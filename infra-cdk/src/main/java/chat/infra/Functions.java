package chat.infra;

import chat.model.schema.TableDef;
import chat.model.schema.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.EndpointConfiguration;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.ProxyResourceOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The functions tier on AWS Lambda and its two HTTP front doors.
 *
 * <p>Functions (one zip, two configurations):
 * <ul>
 *   <li>{@code api}: every HTTP route, public {@code /v1/*} and private {@code /internal/v1/*}; outside the VPC
 *       (it needs only DynamoDB and SQS, both reached over AWS's public endpoints);</li>
 *   <li>{@code fanout}: fed by an SQS event source mapping on the fanout queue (batches of 10, partial batch
 *       failures); inside the VPC's isolated subnets so that it can call the brokers' private delivery callbacks,
 *       reaching DynamoDB through the gateway endpoint.</li>
 * </ul>
 *
 * <p>HTTP: two API Gateway <em>REST</em> APIs proxy to the one {@code api} function (both send the same v1 proxy
 * event, so the functions build with {@code quarkus-amazon-lambda-rest}):
 * <ul>
 *   <li>the public, regional API has a {@code /v1/{proxy+}} resource only: {@code /internal/*} does not exist on
 *       the internet side at all;</li>
 *   <li>the private API (endpoint type PRIVATE) carries {@code /internal/{proxy+}} (and {@code /v1/{proxy+}}); its
 *       resource policy admits only requests that arrive through this VPC's execute-api interface endpoint, so only
 *       the broker tasks (and anything else placed in the VPC) can reach it. The functions still check the
 *       X-Chat-Internal-Key header on /internal, as a second lock.</li>
 * </ul>
 * (An HTTP API cannot be private and a function URL is always on the internet; with IAM auth either would need the
 * broker to sign requests with AWS credentials, and the broker holds none.)
 *
 * <p>Secrets reach the functions as environment variables through CloudFormation dynamic references
 * ({@code {{resolve:secretsmanager:…}}}), resolved at deploy time: the roles need no Secrets Manager access and the
 * in-VPC fan-out function needs no Secrets Manager endpoint. A rotated secret takes effect on the next deploy.
 */
public final class Functions extends Construct {
    public static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    public static final String NATIVE_HANDLER = "not.used.in.provided.runtime";

    /** Item and query actions; no Scan, no table management, no transactions (the code uses none of them). */
    static final List<String> READ = List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query");
    static final List<String> WRITE = List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem");

    private final Function api;
    private final Function fanout;
    private final SecurityGroup fanoutSecurityGroup;
    private final RestApi publicApi;
    private final RestApi privateApi;
    private final String privateApiUrl;

    public Functions(Construct scope, String id, ChatConfig config, Network network, Storage storage,
            Queues queues, AppSecrets secrets) {
        super(scope, id);
        Code code = Code.fromAsset(checkedAsset(config.functionsAsset()));
        Queues.Pair fanoutQueue = queues.get(chat.model.schema.Queues.FANOUT);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("CHAT_STAGE", config.stage());
        env.put("CHAT_TABLES_PREFIX", config.prefix());
        env.put("CHAT_QUEUES_PREFIX", config.prefix());
        env.put("CHAT_INTERNAL_KEY", secrets.internalKey().getSecretValue().unsafeUnwrap());
        env.put("CHAT_AUTH_TOKEN_SECRET", secrets.tokenSecret().getSecretValue().unsafeUnwrap());
        if (config.nativeFunctions()) {
            env.put("DISABLE_SIGNAL_HANDLERS", "true");
        } else {
            // a JVM that starts fast matters more on Lambda than peak JIT throughput
            env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        }

        // ---- api: public + private HTTP routes -------------------------------------------------------------
        api = function("Api", "api", config, code, env, 20);
        for (TableDef def : Tables.all()) {
            List<String> actions = new ArrayList<>(READ);
            actions.addAll(WRITE);
            grantTable(api, storage, def, actions, !def.indexes().isEmpty());
        }
        api.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("FanoutQueueSend")
                .actions(List.of("sqs:SendMessage", "sqs:GetQueueUrl"))
                .resources(List.of(fanoutQueue.queue().getQueueArn()))
                .build());

        // ---- fanout: SQS-driven, in the VPC to reach broker callbacks --------------------------------------
        fanoutSecurityGroup = SecurityGroup.Builder.create(this, "FanoutSg")
                .vpc(network.vpc())
                .description("chat " + config.stage() + " fan-out function: out to broker callbacks and DynamoDB only")
                .allowAllOutbound(false)
                .build();
        // isolated subnets have no route but the VPC and its endpoints: 443 reaches the DynamoDB gateway endpoint
        fanoutSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                "HTTPS to the DynamoDB gateway endpoint (no other route out of the isolated subnets)");
        Map<String, String> fanoutEnv = new LinkedHashMap<>(env);
        fanoutEnv.put("QUARKUS_LAMBDA_HANDLER", "fanout");
        fanout = Function.Builder.create(this, "Fanout")
                .functionName(config.prefix() + "fanout")
                .description("chat " + config.stage() + ": fan-out worker (SQS " + fanoutQueue.def().fullName(
                        config.prefix()) + ")")
                .runtime(runtime(config))
                .handler(handler(config))
                .architecture(Architecture.X86_64)
                .code(code)
                .memorySize(config.nativeFunctions() ? 256 : 1024)
                // must not exceed the queue's visibility timeout, or SQS redelivers while the batch still runs
                .timeout(Duration.seconds(Math.min(20, fanoutQueue.def().visibilityTimeoutSeconds())))
                .environment(fanoutEnv)
                .logGroup(logGroup("FanoutLogs", config.prefix() + "fanout", config))
                .vpc(network.vpc())
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .securityGroups(List.of(fanoutSecurityGroup))
                .build();
        fanout.addEventSource(SqsEventSource.Builder.create(fanoutQueue.queue())
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build());
        // the event source grants sqs:ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueUrl and
        // GetQueueAttributes on the fanout queue; DynamoDB per design.md:
        grantTable(fanout, storage, Tables.Members.DEF,
                concat(READ, List.of("dynamodb:UpdateItem")), true);
        grantTable(fanout, storage, Tables.Connections.DEF,
                concat(READ, List.of("dynamodb:DeleteItem")), false);
        grantTable(fanout, storage, Tables.Conversations.DEF, List.of("dynamodb:UpdateItem"), false);

        // ---- HTTP front doors ------------------------------------------------------------------------------
        LambdaIntegration integration = LambdaIntegration.Builder.create(api)
                .proxy(true)
                .scopePermissionToMethod(false)
                .build();
        StageOptions stageOptions = StageOptions.builder()
                .stageName(config.stage())
                .throttlingRateLimit(config.prod() ? 2000 : 100)
                .throttlingBurstLimit(config.prod() ? 4000 : 200)
                .build();

        publicApi = RestApi.Builder.create(this, "PublicApi")
                .restApiName(config.prefix() + "public")
                .description("chat " + config.stage() + ": public HTTP API (/v1/* only)")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(false)
                .deployOptions(stageOptions)
                .build();
        publicApi.getRoot().addResource("v1").addProxy(ProxyResourceOptions.builder()
                .defaultIntegration(integration).anyMethod(true).build());

        String endpointId = network.executeApiEndpoint().getVpcEndpointId();
        PolicyDocument onlyThroughEndpoint = PolicyDocument.Builder.create().statements(List.of(
                PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("execute-api:Invoke"))
                        .resources(List.of("execute-api:/*"))
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceVpce", endpointId)))
                        .build(),
                PolicyStatement.Builder.create()
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("execute-api:Invoke"))
                        .resources(List.of("execute-api:/*"))
                        .conditions(Map.of("StringNotEquals", Map.of("aws:SourceVpce", endpointId)))
                        .build())).build();
        privateApi = RestApi.Builder.create(this, "PrivateApi")
                .restApiName(config.prefix() + "internal")
                .description("chat " + config.stage() + ": private API for the brokers (/internal/*), VPC endpoint only")
                .endpointConfiguration(EndpointConfiguration.builder()
                        .types(List.of(EndpointType.PRIVATE))
                        .vpcEndpoints(List.of(network.executeApiEndpoint()))
                        .build())
                .policy(onlyThroughEndpoint)
                .cloudWatchRole(false)
                .deployOptions(stageOptions)
                .build();
        privateApi.getRoot().addResource("internal").addProxy(ProxyResourceOptions.builder()
                .defaultIntegration(integration).anyMethod(true).build());
        privateApi.getRoot().addResource("v1").addProxy(ProxyResourceOptions.builder()
                .defaultIntegration(integration).anyMethod(true).build());
        // base URL without a trailing slash: the broker appends "/internal/v1/…"; the private DNS name of the
        // execute-api endpoint resolves it to the endpoint's ENIs inside the VPC
        privateApiUrl = "https://" + privateApi.getRestApiId() + ".execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX
                + "/" + config.stage();
    }

    private Function function(String id, String name, ChatConfig config, Code code, Map<String, String> env,
            int timeoutSeconds) {
        return Function.Builder.create(this, id)
                .functionName(config.prefix() + name)
                .description("chat " + config.stage() + ": " + name + " (public /v1/*, private /internal/v1/*)")
                .runtime(runtime(config))
                .handler(handler(config))
                .architecture(Architecture.X86_64)
                .code(code)
                .memorySize(config.nativeFunctions() ? 256 : 1024)
                .timeout(Duration.seconds(timeoutSeconds))
                .environment(env)
                .logGroup(logGroup(id + "Logs", config.prefix() + name, config))
                .build();
    }

    private LogGroup logGroup(String id, String functionName, ChatConfig config) {
        return LogGroup.Builder.create(this, id)
                .logGroupName("/aws/lambda/" + functionName)
                .retention(config.prod() ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS)
                .removalPolicy(config.statefulRemovalPolicy())
                .build();
    }

    private static Runtime runtime(ChatConfig config) {
        return config.nativeFunctions() ? Runtime.PROVIDED_AL2023 : Runtime.JAVA_21;
    }

    private static String handler(ChatConfig config) {
        return config.nativeFunctions() ? NATIVE_HANDLER : QUARKUS_HANDLER;
    }

    private static void grantTable(Function fn, Storage storage, TableDef def, List<String> actions,
            boolean indexQuery) {
        StringBuilder sid = new StringBuilder();
        for (String part : def.name().split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sid.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("Table" + sid)
                .actions(actions)
                .resources(List.of(storage.table(def).getTableArn()))
                .build());
        if (indexQuery && actions.contains("dynamodb:Query")) {
            fn.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("Index" + sid)
                    .actions(List.of("dynamodb:Query"))
                    .resources(List.of(storage.table(def).getTableArn() + "/index/*"))
                    .build());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String checkedAsset(String path) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("functions asset '" + p.toAbsolutePath().normalize()
                    + "' does not exist: build the functions' Lambda zip first (see infra-cdk/README.md) or pass"
                    + " -c functionsAsset=<zip or directory>");
        }
        return path;
    }

    public Function api() {
        return api;
    }

    public Function fanout() {
        return fanout;
    }

    public SecurityGroup fanoutSecurityGroup() {
        return fanoutSecurityGroup;
    }

    public RestApi publicApi() {
        return publicApi;
    }

    public RestApi privateApi() {
        return privateApi;
    }

    /** What the broker gets as CHAT_BROKER_FUNCTIONS_URL. */
    public String privateApiUrl() {
        return privateApiUrl;
    }
}
