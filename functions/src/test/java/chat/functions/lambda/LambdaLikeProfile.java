package chat.functions.lambda;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code lambda} profile as the CDK app selects it, run against the local stack: only what cannot work off AWS
 * is put back (the local stack's region and static credentials instead of the role's), and the secrets are
 * deployment-like values, not the built-in local ones that profile refuses.
 */
public class LambdaLikeProfile implements QuarkusTestProfile {
    static final String INTERNAL_KEY = "lambda-like-internal-key-for-tests";

    @Override
    public String getConfigProfile() {
        return "lambda";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new LinkedHashMap<>();
        for (String client : new String[] {"dynamodb", "sqs", "s3"}) {
            config.put("%lambda.quarkus." + client + ".aws.region", "us-east-1");
            config.put("%lambda.quarkus." + client + ".aws.credentials.type", "static");
        }
        config.put("%lambda.chat.internal.key", INTERNAL_KEY);
        config.put("%lambda.chat.auth.token-secret", "lambda-like-token-secret-for-tests-0123456789");
        return config;
    }
}
