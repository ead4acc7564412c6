package chat.broker;

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

/** Each rule the broker checks at start: a configuration breaking it is refused, naming the properties. */
class StartupChecksTest {
    private static final Map<String, String> DEPLOYED = Map.of(
            "chat.internal.key", "a-deployment-key", "chat.auth.token-secret", "a-deployment-token-secret-0123456789");

    private static BrokerConfig config(String profile, Map<String, String> settings) throws IOException {
        Map<String, String> all = new HashMap<>(DEPLOYED);
        all.putAll(settings);
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        StartupChecksTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new PropertiesConfigSource(all, "test", 300))
                .withMapping(BrokerConfig.class);
        return builder.build().getConfigMapping(BrokerConfig.class);
    }

    private static List<String> broken(Map<String, String> settings) throws IOException {
        return StartupChecks.rules(config(null, settings), 8080, List.of("prod")).broken();
    }

    @Test
    void theShippedDefaultsWithDeploymentSecretsBreakNoRule() throws IOException {
        assertThat(broken(Map.of())).isEmpty();
    }

    @Test
    void theBuiltInSecretsAreRefusedOutsideTheLocalAndTestProfiles() throws IOException {
        BrokerConfig builtIn = config(null, Map.of("chat.internal.key", ConfigRules.LOCAL_INTERNAL_KEY,
                "chat.auth.token-secret", ConfigRules.LOCAL_TOKEN_SECRET));
        assertThatThrownBy(() -> StartupChecks.rules(builtIn, 8080, List.of("prod")).enforce("broker"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("refusing to start the broker with this configuration:")
                .hasMessageContaining("chat.internal.key is the built-in local value")
                .hasMessageContaining("set CHAT_INTERNAL_KEY")
                .hasMessageContaining("chat.auth.token-secret is the built-in local value");
        assertThat(StartupChecks.rules(builtIn, 8080, List.of("local")).broken()).isEmpty();
        assertThat(StartupChecks.rules(builtIn, 8080, List.of("test")).broken()).isEmpty();
    }

    @Test
    void theFunctionsTimeoutMustExceedTheFunctionsWorstCaseForASend() throws IOException {
        assertThat(broken(Map.of("chat.broker.functions-timeout", "PT10S"))).singleElement().asString()
                .contains("the functions' worst case for a send (PT10S queue wait)", "chat.broker.functions-timeout");
    }

    @Test
    void theLivenessIntervalMustBeAtMostAThirdOfTheBrokerExpiry() throws IOException {
        assertThat(broken(Map.of("chat.broker.liveness-interval", "PT6S"))).singleElement().asString()
                .contains("chat.broker.liveness-interval (PT6S)", "a third of", "chat.presence.broker-expiry (PT15S)");
        assertThat(broken(Map.of("chat.broker.liveness-interval", "PT10S", "chat.presence.broker-expiry", "PT30S")))
                .isEmpty();
    }

    @Test
    void theHeartbeatIntervalMustBeShorterThanItsTimeout() throws IOException {
        assertThat(broken(Map.of("chat.broker.heartbeat-interval", "PT60S"))).singleElement().asString()
                .contains("chat.broker.heartbeat-interval (PT1M)", "chat.broker.heartbeat-timeout (PT1M)");
    }

    @Test
    void theInternalPortMustDifferFromThePublicOne() throws IOException {
        assertThat(broken(Map.of("chat.broker.internal-port", "8080"))).singleElement().asString()
                .contains("chat.broker.internal-port (8080) must differ from quarkus.http.port");
    }

    @Test
    void theAdmissionLimitMustFitTheFunctionsClientsPool() throws IOException {
        assertThat(broken(Map.of("chat.broker.admission.max-in-flight", "201"))).singleElement().asString()
                .contains("chat.broker.admission.max-in-flight (201) must be 1..200");
        assertThat(broken(Map.of("chat.broker.admission.max-in-flight", "0"))).hasSize(1);
        assertThat(broken(Map.of("chat.broker.admission.retry-after", "PT0S"))).singleElement().asString()
                .contains("chat.broker.admission.retry-after must be at least 1 ms");
    }
}
