package chat.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.constructs.Construct;

/**
 * What every function of the stack has in common: the runtime (Java 21 or native), the Quarkus handler, the
 * environment every function reads, a log group with retention, and the two zips of {@code functions} (the api zip
 * of {@code -Plambda}, the workers zip of {@code -Plambda-workers}).
 *
 * <p>The two shared secrets are never in a function's environment (where the console, the API and every copy of the
 * configuration show them): it holds only their ARNs, {@link #INTERNAL_KEY_ARN} and {@link #TOKEN_SECRET_ARN}, and
 * the function reads the values from Secrets Manager when it starts (the in-VPC functions through the VPC's Secrets
 * Manager endpoint); {@link AppSecrets#grantRead} lets each function read exactly these two.
 *
 * <p>JVM functions start from a SnapStart snapshot: Lambda boots Quarkus once per published version (Quarkus
 * preloads its classes and warms up before the snapshot) and restores new execution environments from the
 * snapshot, so a cold start skips the JVM start and the Quarkus boot. SnapStart applies to published versions only,
 * hence {@link #live}: every trigger (API Gateway, SQS, EventBridge) invokes the {@value #LIVE_ALIAS} alias, which
 * each deployment moves to the version it publishes.
 */
final class Lambdas {
    static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    static final String NATIVE_HANDLER = "not.used.in.provided.runtime";
    /** Selects the {@code %lambda} settings of the functions' application.properties. */
    static final String QUARKUS_PROFILE = "lambda";
    /** The functions' chat.secrets.internal-key-arn: where they read chat.internal.key at start. */
    static final String INTERNAL_KEY_ARN = "CHAT_SECRETS_INTERNAL_KEY_ARN";
    /** The functions' chat.secrets.token-secret-arn: where they read chat.auth.token-secret at start. */
    static final String TOKEN_SECRET_ARN = "CHAT_SECRETS_TOKEN_SECRET_ARN";
    /** The alias every trigger invokes: the version the last deployment published. */
    static final String LIVE_ALIAS = "live";

    private final StackSettings settings;
    private final AppSecrets secrets;
    private Code api;
    private Code workers;

    Lambdas(StackSettings settings, AppSecrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
    }

    /** A function named {@code chat-<stage>-<name>}. */
    record Spec(String name, String description, Code code, int jvmMemoryMb, int timeoutSeconds,
            Map<String, String> extraEnv) {
    }

    Function.Builder builder(Construct scope, String id, Spec spec) {
        Map<String, String> env = env();
        env.putAll(spec.extraEnv());
        Function.Builder builder = Function.Builder.create(scope, id)
                .functionName(settings.prefix() + spec.name())
                .description("chat " + settings.stage() + ": " + spec.description())
                .runtime(settings.nativeFunctions() ? Runtime.PROVIDED_AL2023 : Runtime.JAVA_21)
                .handler(settings.nativeFunctions() ? NATIVE_HANDLER : QUARKUS_HANDLER)
                .architecture(Architecture.X86_64)
                .code(spec.code())
                .memorySize(settings.nativeFunctions() ? 256 : spec.jvmMemoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                .environment(env)
                .logGroup(LogGroup.Builder.create(scope, id + "Logs")
                        .logGroupName("/aws/lambda/" + settings.prefix() + spec.name())
                        .retention(settings.prod() ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS)
                        .removalPolicy(settings.statefulRemovalPolicy())
                        .build());
        if (!settings.nativeFunctions()) {
            // a native binary starts in milliseconds anyway, and SnapStart is for the managed Java runtimes only
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        return builder;
    }

    /** What the AwsSolutions checks flag on every function of the stack, and why it stays. */
    void acknowledgeChecks(Function fn) {
        String managed = "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/";
        Checks.acknowledge(fn, managed + "AWSLambdaBasicExecutionRole]", "AWS's policy for a function's own log"
                + " stream (CreateLogStream, PutLogEvents), kept current by AWS; data grants are the project's own");
        if (fn.getIsBoundToVpc()) {
            Checks.acknowledge(fn, managed + "AWSLambdaVPCAccessExecutionRole]", "AWS's policy for the network"
                    + " interfaces of a function in a VPC, which Lambda itself manages");
        }
        if (!settings.nativeFunctions()) {
            Checks.acknowledge(fn, "AwsSolutions-L1", "Java 21, a supported LTS runtime with SnapStart; Java 25"
                    + " waits until the functions' suite runs on JDK 25 in CI (the project builds and tests on 17)");
        }
    }

    /**
     * The {@value #LIVE_ALIAS} alias of {@code fn} on the version this deployment publishes (a new one whenever the
     * code or configuration changed): what triggers must invoke, since SnapStart restores published versions only
     * and {@code $LATEST} would boot cold every time.
     */
    Alias live(Construct scope, String id, Function fn) {
        return Alias.Builder.create(scope, id)
                .aliasName(LIVE_ALIAS)
                .version(fn.getCurrentVersion())
                .build();
    }

    /** What every function reads from its environment. */
    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", QUARKUS_PROFILE);
        env.put("CHAT_STAGE", settings.stage());
        env.put("CHAT_TABLES_PREFIX", settings.prefix());
        env.put("CHAT_QUEUES_PREFIX", settings.prefix());
        env.put(INTERNAL_KEY_ARN, secrets.internalKey().getSecretArn());
        env.put(TOKEN_SECRET_ARN, secrets.tokenSecret().getSecretArn());
        if (settings.nativeFunctions()) {
            env.put("DISABLE_SIGNAL_HANDLERS", "true");
        } else {
            // a JVM that starts fast matters more on Lambda than peak JIT throughput (not yet re-measured with
            // SnapStart, where the boot is in the snapshot)
            env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        }
        return env;
    }

    /**
     * Push settings from the {@code pushSecret} JSON, as dynamic references: every key of the configured services,
     * or with {@code publicOnly} the one clients need to see (the VAPID public key, served by the api).
     */
    Map<String, String> pushEnv(boolean publicOnly) {
        Map<String, String> env = new LinkedHashMap<>();
        settings.pushSecret().ifPresent(secret -> {
            for (String service : settings.pushServices()) {
                for (String key : StackSettings.PUSH_KEYS.get(service)) {
                    if (!publicOnly || key.equals("CHAT_PUSH_WEBPUSH_PUBLIC_KEY")) {
                        env.put(key, SecretValue.secretsManager(secret, SecretsManagerSecretOptions.builder()
                                .jsonField(key).build()).unsafeUnwrap());
                    }
                }
            }
        });
        return env;
    }

    /** The api function's zip. */
    Code apiCode() {
        if (api == null) {
            api = Code.fromAsset(checkedAsset(settings.functionsAsset(), "functionsAsset", "-Plambda"));
        }
        return api;
    }

    /** The zip of the fanout, push and reaper functions. */
    Code workersCode() {
        if (workers == null) {
            workers = Code.fromAsset(checkedAsset(settings.workersAsset(), "workersAsset", "-Plambda-workers"));
        }
        return workers;
    }

    private static String checkedAsset(String path, String contextKey, String profile) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("functions asset '" + p.toAbsolutePath().normalize()
                    + "' does not exist: build it first (mvn -B package -pl functions -am " + profile
                    + ", see infra-cdk/README.md) or pass -c " + contextKey + "=<zip or directory>");
        }
        return path;
    }
}
