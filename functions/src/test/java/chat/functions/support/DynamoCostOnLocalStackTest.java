package chat.functions.support;

import static org.assertj.core.api.Assertions.assertThat;

import chat.functions.lambda.LocalStackResource;
import chat.functions.store.TableNames;
import chat.model.frames.FrameCodec;
import chat.model.internal.InternalApi;
import chat.model.schema.Tables;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The capacity counter as configured, against dynalite: the functions' own DynamoDB client asks for consumed capacity
 * and the units show in GET /internal/v1/stats, next to the call counts.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class DynamoCostOnLocalStackTest {
    @Inject
    DynamoDbClient dynamo;
    @Inject
    TableNames tables;
    @TestHTTPResource("/")
    URI base;

    @Test
    void onePutItemCountsAtLeastOneWriteUnitAndOneGetItemAReadUnitInTheStats() throws Exception {
        String users = tables.of(Tables.Users.DEF);
        Map<String, Number> before = stats();
        String id = "u" + UUID.randomUUID().toString().replace("-", "");
        Map<String, AttributeValue> key = Map.of(Tables.Users.USER_ID, AttributeValue.fromS(id));
        dynamo.putItem(b -> b.tableName(users).item(key));
        dynamo.getItem(b -> b.tableName(users).key(key));
        Map<String, Number> after = stats();

        assertThat(grew(before, after, "DynamoDb.WriteUnits")).isGreaterThanOrEqualTo(1.0);
        assertThat(grew(before, after, "DynamoDb.WriteUnits." + users)).isGreaterThanOrEqualTo(1.0);
        // a GetItem of up to 4 KB, eventually consistent: half a unit
        assertThat(grew(before, after, "DynamoDb.ReadUnits." + users)).isGreaterThanOrEqualTo(0.5);
        assertThat(grew(before, after, "DynamoDb.PutItem")).isEqualTo(1.0);
    }

    private Map<String, Number> stats() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve(InternalApi.STATS_PATH)).header(InternalApi.KEY_HEADER, "local-dev-internal-key-change-me")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return FrameCodec.mapper().readValue(r.body(), new TypeReference<Map<String, Number>>() { });
    }

    private static double grew(Map<String, Number> before, Map<String, Number> after, String key) {
        return after.getOrDefault(key, 0).doubleValue() - before.getOrDefault(key, 0).doubleValue();
    }
}
