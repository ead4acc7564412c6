package chat.functions.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With the secrets' ARNs configured (as the CDK app does), the functions take the inter-tier key and the token secret
 * from Secrets Manager at start, over any value in the environment. A stand-in Secrets Manager (a real HTTP server
 * speaking its JSON protocol) answers GetSecretValue.
 */
class SecretsManagerConfigSourceTest {
    private static final String KEY_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:key-AbCdEf";
    private static final String TOKEN_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:token-AbCdEf";
    private HttpServer secretsManager;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        secretsManager = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        secretsManager.createContext("/", ex -> {
            try (ex) {
                String request = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                asked.add(ex.getRequestHeaders().getFirst("X-Amz-Target") + " " + request);
                String value = request.contains(KEY_ARN) ? "key-from-secrets-manager" : "token-from-secrets-manager";
                byte[] answer = ("{\"ARN\":\"x\",\"Name\":\"x\",\"SecretString\":\"" + value + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
            }
        });
        secretsManager.start();
    }

    @AfterEach
    void stop() {
        secretsManager.stop(0);
        System.clearProperty("aws.region");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private SmallRyeConfig config(Map<String, String> environment) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new SecretsManagerConfigSource())
                .build();
    }

    @Test
    void theSecretsComeFromSecretsManagerWhenTheirArnsAreSet() {
        SmallRyeConfig config = config(Map.of(
                "chat.secrets.internal-key-arn", KEY_ARN, "chat.secrets.token-secret-arn", TOKEN_ARN,
                "chat.secrets.endpoint-override", "http://127.0.0.1:" + secretsManager.getAddress().getPort(),
                "chat.internal.key", "local-dev-internal-key-change-me"));

        assertThat(config.getValue("chat.internal.key", String.class)).isEqualTo("key-from-secrets-manager");
        assertThat(config.getValue("chat.auth.token-secret", String.class)).isEqualTo("token-from-secrets-manager");
        assertThat(asked).hasSize(2).allSatisfy(a -> assertThat(a).startsWith("secretsmanager.GetSecretValue"));
    }

    @Test
    void withoutArnsNothingIsAskedAndTheConfiguredValuesStand() {
        SmallRyeConfig config = config(Map.of("chat.internal.key", "from-the-environment"));
        assertThat(config.getValue("chat.internal.key", String.class)).isEqualTo("from-the-environment");
        assertThat(asked).isEmpty();
    }
}
