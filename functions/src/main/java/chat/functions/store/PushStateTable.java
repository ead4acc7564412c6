package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;

import chat.model.schema.Tables.PushState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Collapse and rate-limit state of push notifications; every decision is one conditional write. */
@ApplicationScoped
public class PushStateTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public PushStateTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(PushState.DEF);
    }

    /**
     * Claims the one notification of (device, conversation) for the collapse window: true for the first caller in
     * {@code windowMillis}, false for every other (those messages are covered by that notification's count).
     */
    public boolean claimNotification(String userId, String deviceId, String conversationId, long now,
            long windowMillis) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(PushState.STATE_KEY, s("c#" + userId + "#" + deviceId + "#" + conversationId)))
                    .updateExpression("SET #t = :now, #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#t) OR #t <= :before")
                    .expressionAttributeNames(Map.of("#t", PushState.NOTIFIED_AT, "#ttl", PushState.TTL))
                    .expressionAttributeValues(Map.of(":now", n(now), ":before", n(now - windowMillis),
                            ":ttl", n(now / 1000 + 86_400))));
            return true;
        } catch (ConditionalCheckFailedException collapsed) {
            return false;
        }
    }

    /** Takes one of the device's {@code perMinute} notifications of the current minute; false when none is left. */
    public boolean takeRateSlot(String userId, String deviceId, long now, int perMinute) {
        long minute = now / 60_000;
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(PushState.STATE_KEY, s("r#" + userId + "#" + deviceId + "#" + minute)))
                    .updateExpression("ADD #c :one SET #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#c) OR #c < :max")
                    .expressionAttributeNames(Map.of("#c", PushState.COUNT, "#ttl", PushState.TTL))
                    .expressionAttributeValues(Map.of(":one", n(1), ":max", n(perMinute),
                            ":ttl", n(now / 1000 + 3_600))));
            return true;
        } catch (ConditionalCheckFailedException limited) {
            return false;
        }
    }
}
