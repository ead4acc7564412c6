package chat.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.ChatConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The settings a function gets on AWS Lambda ({@code QUARKUS_PROFILE=lambda}, set by the CDK app) against the local
 * ones of the same application.properties: the environment the CDK app sets wins over both.
 */
class LambdaProfileTest {
    private static SmallRyeConfig config(String profile, Map<String, String> env) throws IOException {
        URL properties = LambdaProfileTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(ChatConfig.class);
        if (profile != null) {
            builder.withProfile(profile);
        }
        return builder.build();
    }

    @Test
    void onLambdaTheAwsClientsUseTheRegionsEndpointsAndTheRoleNotTheLocalStack() throws IOException {
        SmallRyeConfig lambda = config("lambda", Map.of());
        for (String client : new String[] {"dynamodb", "sqs"}) {
            assertThat(lambda.getOptionalValue("quarkus." + client + ".endpoint-override", String.class))
                    .as(client).isEmpty();
            assertThat(lambda.getOptionalValue("quarkus." + client + ".aws.region", String.class))
                    .as(client).isEmpty();
            assertThat(lambda.getValue("quarkus." + client + ".aws.credentials.type", String.class))
                    .as(client).isEqualTo("default");
        }
        SmallRyeConfig local = config(null, Map.of());
        assertThat(local.getValue("quarkus.dynamodb.endpoint-override", String.class))
                .isEqualTo("http://127.0.0.1:4567");
        assertThat(local.getValue("quarkus.sqs.aws.credentials.type", String.class)).isEqualTo("static");
    }

    @Test
    void onLambdaNoWorkerLoopNoReaperTimerAndWorkAfterACallFinishesInline() throws IOException {
        ChatConfig lambda = config("lambda", Map.of()).getConfigMapping(ChatConfig.class);
        assertThat(lambda.fanout().enabled()).isFalse();
        assertThat(lambda.push().enabled()).isFalse();
        assertThat(lambda.presence().reaperEnabled()).isFalse();
        assertThat(lambda.afterCall().inline()).isTrue();

        ChatConfig local = config(null, Map.of()).getConfigMapping(ChatConfig.class);
        assertThat(local.fanout().enabled()).isTrue();
        assertThat(local.push().enabled()).isTrue();
        assertThat(local.presence().reaperEnabled()).isTrue();
        assertThat(local.afterCall().inline()).isFalse();
    }

    @Test
    void onLambdaWebPushHasNoKeysUnlessTheDeploymentGivesItsOwn() throws IOException {
        ChatConfig.Push.WebPush bare = config("lambda", Map.of()).getConfigMapping(ChatConfig.class).push().webpush();
        assertThat(bare.publicKey()).isEmpty();
        assertThat(bare.privateKey()).isEmpty();
        assertThat(config(null, Map.of()).getConfigMapping(ChatConfig.class).push().webpush().publicKey())
                .isPresent();

        ChatConfig.Push.WebPush deployed = config("lambda", Map.of("CHAT_PUSH_WEBPUSH_PUBLIC_KEY", "pub",
                "CHAT_PUSH_WEBPUSH_PRIVATE_KEY", "priv", "CHAT_TABLES_PREFIX", "chat-prod-"))
                .getConfigMapping(ChatConfig.class).push().webpush();
        assertThat(deployed.publicKey()).isEqualTo(Optional.of("pub"));
        assertThat(deployed.privateKey()).isEqualTo(Optional.of("priv"));
    }
}
