package chat.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.EndpointConfiguration;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.ProxyResourceOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The {@code api} function (every HTTP route, public {@code /v1/*} and private {@code /internal/v1/*}) and its two
 * HTTP front doors. The functions fed by queues and the schedule are in {@link Workers}.
 *
 * <p>{@code api} runs in the VPC's isolated subnets: it calls the brokers' private delivery callbacks itself
 * (typing indicators, receipts, presence changes, closing a displaced connection), and reaches DynamoDB through the
 * gateway endpoint and the fanout queue through the SQS interface endpoint.
 *
 * <p>HTTP: two API Gateway <em>REST</em> APIs proxy to the one {@code api} function (both send the same v1 proxy
 * event, so its zip is built with {@code quarkus-amazon-lambda-rest}):
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
 */
public final class ApiFunction extends Construct {
    private final Function api;
    private final Alias apiLive;
    private final RestApi publicApi;
    private final RestApi privateApi;
    private final String privateApiUrl;

    public ApiFunction(Construct scope, String id, StackSettings settings, Lambdas lambdas, Network network,
            Storage storage, SqsQueues queues) {
        super(scope, id);
        api = lambdas.builder(this, "Api", new Lambdas.Spec("api", "api (public /v1/*, private /internal/v1/*)",
                        lambdas.apiCode(), 1024, 20, lambdas.pushEnv(true)))
                .vpc(network.vpc())
                .vpcSubnets(network.isolatedSubnets())
                .securityGroups(List.of(network.functionsSecurityGroup()))
                .build();
        Permissions.grantTables(api, "api", storage);
        Permissions.grantSend(api, queues.get(chat.model.schema.Queues.FANOUT).queue(), "FanoutQueueSend");

        apiLive = lambdas.live(this, "ApiLive", api);

        // ---- HTTP front doors ------------------------------------------------------------------------------
        // the alias, not the function: only a published version starts from the SnapStart snapshot
        LambdaIntegration integration = LambdaIntegration.Builder.create(apiLive)
                .proxy(true)
                .scopePermissionToMethod(false)
                .build();
        publicApi = RestApi.Builder.create(this, "PublicApi")
                .restApiName(settings.prefix() + "public")
                .description("chat " + settings.stage() + ": public HTTP API (/v1/* only)")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // execution logs need the account's API Gateway logging role; created (and kept) once, here
                .cloudWatchRole(true)
                .deployOptions(stageOptions(settings, "public"))
                .build();
        Checks.acknowledge(publicApi, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                + "AmazonAPIGatewayPushToCloudWatchLogs]", "the account's API Gateway logging role: AWS's own policy"
                + " for exactly that role, kept current by AWS");
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
                .restApiName(settings.prefix() + "internal")
                .description("chat " + settings.stage() + ": private API for the brokers (/internal/*), VPC endpoint only")
                .endpointConfiguration(EndpointConfiguration.builder()
                        .types(List.of(EndpointType.PRIVATE))
                        .vpcEndpoints(List.of(network.executeApiEndpoint()))
                        .build())
                .policy(onlyThroughEndpoint)
                .cloudWatchRole(false)
                .deployOptions(stageOptions(settings, "internal"))
                .build();
        // its stage logs through the account role that the public API sets
        privateApi.getDeploymentStage().getNode().addDependency(publicApi.getNode().findChild("Account"));
        Checks.acknowledge(privateApi, "AwsSolutions-APIG3", "private: its resource policy admits only requests"
                + " through this VPC's execute-api endpoint, so no internet traffic reaches it to filter");
        for (RestApi rest : List.of(publicApi, privateApi)) {
            Checks.acknowledge(rest, "AwsSolutions-APIG2", "a proxy to the api function, which checks every body"
                    + " by docs/protocol.md's field rules and answers with the protocol's stable error codes");
            Checks.acknowledge(rest, "AwsSolutions-APIG4", "devices authenticate with the project's own bearer"
                    + " tokens and credentials, checked by the function (protocol.md); /internal also needs the"
                    + " X-Chat-Internal-Key header");
            Checks.acknowledge(rest, "AwsSolutions-COG4", "accounts are the project's own (no Cognito user pool):"
                    + " the function checks the bearer token of every call that needs one");
        }
        privateApi.getRoot().addResource("internal").addProxy(ProxyResourceOptions.builder()
                .defaultIntegration(integration).anyMethod(true).build());
        privateApi.getRoot().addResource("v1").addProxy(ProxyResourceOptions.builder()
                .defaultIntegration(integration).anyMethod(true).build());
        // base URL without a trailing slash: the broker appends "/internal/v1/…"; the private DNS name of the
        // execute-api endpoint resolves it to the endpoint's ENIs inside the VPC
        privateApiUrl = "https://" + privateApi.getRestApiId() + ".execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX
                + "/" + settings.stage();
    }

    /**
     * Throttling, JSON access logs of every request (the route template, never the path's ids or a query string)
     * and execution logs of errors only, without request or response bodies.
     */
    private StageOptions stageOptions(StackSettings settings, String name) {
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs-" + name)
                .logGroupName("/aws/apigateway/" + settings.prefix() + name + "/access")
                .retention(settings.prod() ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS)
                .removalPolicy(settings.statefulRemovalPolicy())
                .build();
        return StageOptions.builder()
                .stageName(settings.stage())
                .throttlingRateLimit(settings.prod() ? 2000 : 100)
                .throttlingBurstLimit(settings.prod() ? 4000 : 200)
                .accessLogDestination(new LogGroupLogDestination(accessLogs))
                .accessLogFormat(AccessLogFormat.jsonWithStandardFields(JsonWithStandardFieldProps.builder()
                        .caller(false)
                        .httpMethod(true)
                        .ip(true)
                        .protocol(true)
                        .requestTime(true)
                        .resourcePath(true)
                        .responseLength(true)
                        .status(true)
                        .user(false)
                        .build()))
                .loggingLevel(MethodLoggingLevel.ERROR)
                .dataTraceEnabled(false)
                .build();
    }

    public Function api() {
        return api;
    }

    /** What the HTTP front doors invoke (see {@link Lambdas#live}). */
    public Alias apiLive() {
        return apiLive;
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
