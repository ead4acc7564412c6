package chat.functions.support;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Reads the two shared secrets from Secrets Manager when the process starts, if their ARNs are configured
 * ({@code chat.secrets.internal-key-arn}, {@code chat.secrets.token-secret-arn}; the CDK app sets them on every
 * function): the values then never sit in a function's environment. Above every other source, so a deployment
 * cannot end up with the built-in local values by accident. Region and credentials are the SDK's defaults (on
 * Lambda: the function's region and role); {@code chat.secrets.endpoint-override} points it elsewhere (tests).
 */
public class SecretsManagerConfigSource implements ConfigSourceFactory {
    /** Above system properties (400) and the environment (300). */
    static final int ORDINAL = 500;
    /** ARN property → the property its secret's value becomes. */
    static final Map<String, String> SECRETS = Map.of(
            "chat.secrets.internal-key-arn", "chat.internal.key",
            "chat.secrets.token-secret-arn", "chat.auth.token-secret");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> arns = new LinkedHashMap<>();
        SECRETS.forEach((arnProperty, target) -> {
            String arn = value(context, arnProperty);
            if (arn != null) {
                arns.put(target, arn);
            }
        });
        if (arns.isEmpty()) {
            return List.of();
        }
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        String endpoint = value(context, "chat.secrets.endpoint-override");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        Map<String, String> values = new LinkedHashMap<>();
        try (SecretsManagerClient client = builder.build()) {
            arns.forEach((target, arn) -> {
                try {
                    values.put(target, client.getSecretValue(b -> b.secretId(arn)).secretString());
                } catch (RuntimeException e) {
                    throw new IllegalStateException("cannot read " + target + " from Secrets Manager secret " + arn
                            + ": " + e.getMessage(), e);
                }
            });
        }
        return List.of(new PropertiesConfigSource(values, "secrets-manager", ORDINAL));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? null : v.getValue();
    }
}
