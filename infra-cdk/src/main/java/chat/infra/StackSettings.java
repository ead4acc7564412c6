package chat.infra;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awscdk.RemovalPolicy;
import software.constructs.Construct;

/**
 * Everything the stack reads from CDK context ({@code -c key=value} or {@code cdk.json}), validated once.
 *
 * <p>Context keys:
 * <ul>
 *   <li>{@code stage} (default {@code dev}): names every resource {@code chat-<stage>-…}; {@code prod} turns on
 *       deletion protection and RETAIN removal policies;</li>
 *   <li>{@code functionsAsset} (default {@code ../functions/target/lambda-api/function.zip}): the {@code api}
 *       function's zip ({@code mvn package -pl functions -am -Plambda});</li>
 *   <li>{@code workersAsset} (default {@code ../functions/target/lambda-workers/function.zip}): the zip of the
 *       {@code fanout}, {@code push} and {@code reaper} functions ({@code -Plambda-workers});</li>
 *   <li>{@code native} (default {@code false}): both zips are GraalVM native builds, run on
 *       {@code provided.al2023};</li>
 *   <li>{@code pushSecret}: name or ARN of an existing Secrets Manager secret (JSON) with the push services'
 *       credentials, and {@code pushServices}: which of them to use ({@code webpush,fcm,apns}); the JSON keys are
 *       the variable names of {@link #PUSH_KEYS}. Without them the push function notifies nobody;</li>
 *   <li>{@code certificateArn}: ACM certificate for the ALB's HTTPS listener; absent means HTTP only (with a
 *       warning);</li>
 *   <li>{@code brokerImage}: a ready container image for the broker; absent means build
 *       {@code docker/broker/Dockerfile} from {@code brokerAssetRoot};</li>
 *   <li>{@code brokerAssetRoot} (default {@code ..}): the repository root, the Docker build context;</li>
 *   <li>{@code alarmEmail}: optional address subscribed to the alarm topic;</li>
 *   <li>{@code brokerHealthPath} (default {@code /q/health/ready}): the ALB's health check on the broker tasks;</li>
 *   <li>{@code brokerMinTasks}/{@code brokerMaxTasks}: autoscaling bounds (default 1/2, prod 2/10);</li>
 *   <li>{@code webOrigin} (default {@value #DEFAULT_WEB_ORIGIN}): the web client's origin, the one the media
 *       bucket's CORS lets upload and download attachments through presigned URLs; https unless on localhost;</li>
 *   <li>{@code wafRateLimit} (default {@value #DEFAULT_WAF_RATE_LIMIT}): HTTP requests per client address in any
 *       5 minutes that the web firewall lets through to the public API and the load balancer (WebSocket frames
 *       are not requests: a connection counts once); prod blocks the rest, other stages only count them.</li>
 * </ul>
 */
public record StackSettings(
        String stage,
        String functionsAsset,
        String workersAsset,
        boolean nativeFunctions,
        Optional<String> pushSecret,
        List<String> pushServices,
        Optional<String> certificateArn,
        Optional<String> brokerImage,
        String brokerAssetRoot,
        Optional<String> alarmEmail,
        String brokerHealthPath,
        int brokerMinTasks,
        int brokerMaxTasks,
        String webOrigin,
        int wafRateLimit) {

    public static final String DEFAULT_STAGE = "dev";
    public static final String PROD_STAGE = "prod";
    public static final String DEFAULT_FUNCTIONS_ASSET = "../functions/target/lambda-api/function.zip";
    public static final String DEFAULT_WORKERS_ASSET = "../functions/target/lambda-workers/function.zip";
    /** Per push service, the functions' settings it needs: JSON keys of the push secret and variable names alike. */
    public static final Map<String, List<String>> PUSH_KEYS = Map.of(
            "webpush", List.of("CHAT_PUSH_WEBPUSH_SUBJECT", "CHAT_PUSH_WEBPUSH_PUBLIC_KEY",
                    "CHAT_PUSH_WEBPUSH_PRIVATE_KEY"),
            "fcm", List.of("CHAT_PUSH_FCM_SERVICE_ACCOUNT"),
            "apns", List.of("CHAT_PUSH_APNS_TOPIC", "CHAT_PUSH_APNS_TEAM_ID", "CHAT_PUSH_APNS_KEY_ID",
                    "CHAT_PUSH_APNS_PRIVATE_KEY"));
    public static final String DEFAULT_BROKER_ASSET_ROOT = "..";
    /** SmallRye Health's readiness check (the broker needs quarkus-smallrye-health). */
    public static final String DEFAULT_BROKER_HEALTH_PATH = "/q/health/ready";

    /** The web client's dev server. */
    public static final String DEFAULT_WEB_ORIGIN = "http://localhost:5173";

    /** Requests per address and 5 minutes: registering, logging in, keys and media slots take a few per session. */
    public static final int DEFAULT_WAF_RATE_LIMIT = 2000;
    /** The smallest limit a WAF rate-based rule takes. */
    static final int MIN_WAF_RATE_LIMIT = 10;

    private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9]{0,11}");
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1");

    public StackSettings {
        if (!STAGE.matcher(stage).matches()) {
            throw new IllegalArgumentException("context 'stage' must be 1-12 lower-case letters or digits, starting"
                    + " with a letter (it names every resource chat-<stage>-…), got '" + stage + "'");
        }
        if (!brokerHealthPath.startsWith("/")) {
            throw new IllegalArgumentException("context 'brokerHealthPath' must start with '/', got " + brokerHealthPath);
        }
        pushServices = List.copyOf(pushServices);
        for (String service : pushServices) {
            if (!PUSH_KEYS.containsKey(service)) {
                throw new IllegalArgumentException("context 'pushServices' lists webpush, fcm and/or apns, got '"
                        + service + "'");
            }
        }
        if (pushSecret.isPresent() != !pushServices.isEmpty()) {
            throw new IllegalArgumentException("context 'pushSecret' and 'pushServices' go together: the secret holds"
                    + " the credentials of the listed services");
        }
        if (brokerMinTasks < 1 || brokerMaxTasks < brokerMinTasks) {
            throw new IllegalArgumentException("need 1 <= brokerMinTasks <= brokerMaxTasks, got "
                    + brokerMinTasks + ".." + brokerMaxTasks);
        }
        checkOrigin(webOrigin);
        if (wafRateLimit < MIN_WAF_RATE_LIMIT) {
            throw new IllegalArgumentException("context 'wafRateLimit' must be at least " + MIN_WAF_RATE_LIMIT
                    + " (requests per address in 5 minutes), got " + wafRateLimit);
        }
    }

    /**
     * A browser origin exactly as the Origin header carries it (scheme, host, optional port; no path, no trailing
     * slash), since CORS compares it as a string; https, but for a browser on this machine.
     */
    private static void checkOrigin(String origin) {
        String problem = null;
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || !uri.getRawPath().isEmpty()) {
                problem = "need scheme://host[:port] and nothing else";
            } else if (!"https".equals(uri.getScheme())
                    && !("http".equals(uri.getScheme()) && LOCAL_HOSTS.contains(uri.getHost()))) {
                problem = "need https (http only for localhost)";
            } else if (!uri.getHost().equals(uri.getHost().toLowerCase(Locale.ROOT))) {
                problem = "browsers send the host in lower case";
            }
        } catch (URISyntaxException e) {
            problem = "not a URI";
        }
        if (problem != null) {
            throw new IllegalArgumentException("context 'webOrigin' must be the web client's origin, e.g. "
                    + "https://chat.example.com (" + problem + "), got '" + origin + "'");
        }
    }

    /** Reads the context visible from {@code scope} (an App or a Stack). */
    public static StackSettings from(Construct scope) {
        String stage = string(scope, "stage").orElse(DEFAULT_STAGE);
        boolean prod = PROD_STAGE.equals(stage);
        return new StackSettings(
                stage,
                string(scope, "functionsAsset").orElse(DEFAULT_FUNCTIONS_ASSET),
                string(scope, "workersAsset").orElse(DEFAULT_WORKERS_ASSET),
                string(scope, "native").map(v -> Boolean.parseBoolean(v.toLowerCase(Locale.ROOT))).orElse(false),
                string(scope, "pushSecret"),
                string(scope, "pushServices").map(v -> Arrays.stream(v.split(","))
                        .map(x -> x.trim().toLowerCase(Locale.ROOT)).filter(x -> !x.isEmpty()).distinct().toList())
                        .orElse(List.of()),
                string(scope, "certificateArn"),
                string(scope, "brokerImage"),
                string(scope, "brokerAssetRoot").orElse(DEFAULT_BROKER_ASSET_ROOT),
                string(scope, "alarmEmail"),
                string(scope, "brokerHealthPath").orElse(DEFAULT_BROKER_HEALTH_PATH),
                integer(scope, "brokerMinTasks").orElse(prod ? 2 : 1),
                integer(scope, "brokerMaxTasks").orElse(prod ? 10 : 2),
                string(scope, "webOrigin").orElse(DEFAULT_WEB_ORIGIN),
                integer(scope, "wafRateLimit").orElse(DEFAULT_WAF_RATE_LIMIT));
    }

    private static Optional<Integer> integer(Construct scope, String key) {
        return string(scope, key).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("context '" + key + "' must be a whole number, got '" + v + "'");
            }
        });
    }

    private static Optional<String> string(Construct scope, String key) {
        Object value = scope.getNode().tryGetContext(key);
        if (value == null) {
            return Optional.empty();
        }
        String s = value.toString().trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    public boolean prod() {
        return PROD_STAGE.equals(stage);
    }

    /** The prefix of every table and queue name, as the code reads it from CHAT_TABLES_PREFIX/CHAT_QUEUES_PREFIX. */
    public String prefix() {
        return "chat-" + stage + "-";
    }

    /** RETAIN for the stateful resources of prod, DESTROY elsewhere so that {@code cdk destroy} leaves nothing. */
    public RemovalPolicy statefulRemovalPolicy() {
        return prod() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }
}
