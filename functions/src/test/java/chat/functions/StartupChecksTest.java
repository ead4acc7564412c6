package chat.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.ConfigRules;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule the functions check at start: a configuration breaking it is refused, naming the properties. */
class StartupChecksTest {
    private static final Map<String, String> DEPLOYED = Map.of(
            "chat.internal.key", "a-deployment-key", "chat.auth.token-secret", "a-deployment-token-secret-0123456789");

    private static ChatConfig config(Map<String, String> settings) throws IOException {
        Map<String, String> all = new HashMap<>(DEPLOYED);
        all.putAll(settings);
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        StartupChecksTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new PropertiesConfigSource(all, "test", 300))
                .withMapping(ChatConfig.class).build().getConfigMapping(ChatConfig.class);
    }

    private static List<String> broken(Map<String, String> settings, String... profiles) throws IOException {
        return StartupChecks.rules(config(settings), List.of(profiles)).broken();
    }

    @Test
    void theShippedDefaultsWithDeploymentSecretsBreakNoRule() throws IOException {
        assertThat(broken(Map.of(), "lambda")).isEmpty();
        assertThat(broken(Map.of(), "prod")).isEmpty();
    }

    @Test
    void theBuiltInSecretsAreRefusedOutsideTheLocalAndTestProfiles() throws IOException {
        Map<String, String> builtIn = Map.of("chat.internal.key", ConfigRules.LOCAL_INTERNAL_KEY,
                "chat.auth.token-secret", ConfigRules.LOCAL_TOKEN_SECRET);
        for (String profile : List.of("lambda", "prod")) {
            assertThat(broken(builtIn, profile)).as(profile).satisfiesExactly(
                    r -> assertThat(r).startsWith("chat.internal.key is the built-in local value")
                            .contains("CHAT_INTERNAL_KEY", "active: " + profile),
                    r -> assertThat(r).startsWith("chat.auth.token-secret is the built-in local value")
                            .contains("CHAT_AUTH_TOKEN_SECRET"));
        }
        for (String profile : List.of("local", "test", "dev")) {
            assertThat(broken(builtIn, profile)).as(profile).isEmpty();
        }
    }

    @Test
    void aLambdaStartWithTheBuiltInSecretsIsRefusedWithOneMessageNamingBoth() throws IOException {
        ChatConfig shipped = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile("lambda")
                .withSources(new PropertiesConfigSource(
                        StartupChecksTest.class.getClassLoader().getResource("application.properties"), 250))
                .withMapping(ChatConfig.class).build().getConfigMapping(ChatConfig.class);
        assertThatThrownBy(() -> StartupChecks.rules(shipped, List.of("lambda")).enforce("functions"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("refusing to start the functions with this configuration:")
                .hasMessageContaining("chat.internal.key is the built-in").hasMessageContaining("chat.auth.token-secret");
    }

    @Test
    void aShortTokenSecretIsRefused() throws IOException {
        assertThat(broken(Map.of("chat.auth.token-secret", "short"), "prod"))
                .containsExactly("chat.auth.token-secret must be at least 32 bytes (HS256)");
    }

    @Test
    void theLivenessCacheMustBeShorterThanTheBrokerExpiry() throws IOException {
        assertThat(broken(Map.of("chat.presence.liveness-cache", "PT20S"), "prod")).singleElement().asString()
                .contains("chat.presence.liveness-cache (PT20S)", "shorter than", "chat.presence.broker-expiry (PT15S)");
    }

    @Test
    void theCallbackTimeoutMustBeShorterThanTheFanoutQueuesVisibilityTimeout() throws IOException {
        assertThat(broken(Map.of("chat.fanout.callback-timeout", "PT30S"), "prod")).singleElement().asString()
                .contains("chat.fanout.callback-timeout (PT30S)", "fan-out queue's visibility timeout (PT30S)");
    }

    @Test
    void thePushSendTimeoutMustBeShorterThanThePushQueuesVisibilityTimeout() throws IOException {
        assertThat(broken(Map.of("chat.push.send-timeout", "PT45S"), "prod")).singleElement().asString()
                .contains("chat.push.send-timeout (PT45S)", "push queue's visibility timeout");
    }

    @Test
    void aNegativeFleetSizeForPushesByUserIsRefused() throws IOException {
        assertThat(broken(Map.of("chat.fanout.by-user-max-brokers", "-1"), "prod"))
                .containsExactly("chat.fanout.by-user-max-brokers (-1) must be 0 or more");
    }

    @Test
    void retryDelaysAreWholeSecondsWithinTwelveHours() throws IOException {
        assertThat(broken(Map.of("chat.fanout.retry-delay", "PT0.5S", "chat.push.retry-delay", "PT13H"), "prod"))
                .satisfiesExactly(r -> assertThat(r).startsWith("chat.fanout.retry-delay (PT0.5S) must be whole"),
                        r -> assertThat(r).startsWith("chat.push.retry-delay (PT13H) must be whole"));
    }
}
