package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.localstack.AwsClients;
import chat.model.api.TokenIssued;
import chat.model.internal.InternalApi;
import chat.model.schema.Tables.Devices;
import chat.model.schema.Tables.Users;
import chat.system.ChatSystem;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Secrets at rest and between tiers: device secrets and passwords are stored only as hashes, tokens are signed and
 * expire, and neither private API (functions' internal API, brokers' delivery callback) answers without the
 * inter-tier key.
 */
@ExtendWith(SharedSystem.class)
class SecretsTest {
    private static final String LOCAL_TOKEN_SECRET = "local-dev-token-secret-change-me-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void deviceSecretsAndPasswordsAreStoredOnlyAsHashes(ChatSystem system) throws Exception {
        TestUsers.User alice = new TestUsers(system).register("alice");
        String credential = alice.device().credential();
        String secret = credential.substring(credential.lastIndexOf('.') + 1);
        try (DynamoDbClient dynamo = AwsClients.dynamo(system.localStack().dynamoEndpoint())) {
            Map<String, AttributeValue> device = dynamo.getItem(b -> b.consistentRead(true)
                    .tableName(system.localStack().tableName(Devices.DEF))
                    .key(Map.of(Devices.USER_ID, AttributeValue.fromS(alice.userId()),
                            Devices.DEVICE_ID, AttributeValue.fromS(alice.device().deviceId())))).item();
            assertThat(device).isNotEmpty();
            assertThat(device.toString()).doesNotContain(secret);
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
            assertThat(device.get(Devices.SECRET_HASH).s()).isEqualTo("sha256$" + sha256);

            Map<String, AttributeValue> user = dynamo.getItem(b -> b.consistentRead(true)
                    .tableName(system.localStack().tableName(Users.DEF))
                    .key(Map.of(Users.USER_ID, AttributeValue.fromS(alice.userId())))).item();
            assertThat(user.toString()).doesNotContain(TestUsers.PASSWORD);
            assertThat(user.get(Users.PASSWORD_HASH).s()).startsWith("pbkdf2-sha256$");
        }
    }

    @Test
    void tokensAreSignedWithTheServerSecretAndExpireAfterTheirLifetime(ChatSystem system) throws Exception {
        TestUsers users = new TestUsers(system);
        TestUsers.User alice = users.register("alice");
        TokenIssued issued = users.api().token(alice.device().credential());
        SignedJWT jwt = SignedJWT.parse(issued.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(LOCAL_TOKEN_SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.verify(new MACVerifier("some other secret, at least 32 bytes".getBytes(StandardCharsets.UTF_8))))
                .isFalse();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(alice.userId());
        Duration lifetime = Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
        assertThat(lifetime).isEqualTo(Duration.ofMinutes(15));
        assertThat(issued.expiresAt()).isBetween(claims.getExpirationTime().getTime(),
                claims.getExpirationTime().getTime() + 999); // the JWT counts whole seconds
        assertThat(jwt.getPayload().toString()).doesNotContain(alice.device().credential());
    }

    @Test
    void thePrivateApisRefuseCallersWithoutTheInterTierKey(ChatSystem system) throws Exception {
        URI functions = system.api();
        URI broker = system.brokerInternal(0);
        List<URI> privateCalls = List.of(functions.resolve(InternalApi.FRAMES_PATH),
                functions.resolve(InternalApi.CONNECTIONS_PATH), functions.resolve(InternalApi.AUTH_PATH),
                functions.resolve(InternalApi.BROKERS_PATH), broker.resolve(InternalApi.DELIVERIES_PATH));
        for (URI uri : privateCalls) {
            for (String key : new String[] {null, "", "not-the-key", "local-dev-internal-key-change-mE"}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"deliveries\":[]}"));
                if (key != null) {
                    request.header(InternalApi.KEY_HEADER, key);
                }
                HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("%s with key %s", uri, key).isEqualTo(401);
                assertThat(answer.body()).contains("UNAUTHENTICATED");
            }
        }
    }
}
