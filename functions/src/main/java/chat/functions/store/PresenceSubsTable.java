package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.PresenceSubs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Presence subscriptions, keyed by the watched user. */
@ApplicationScoped
public class PresenceSubsTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public PresenceSubsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(PresenceSubs.DEF);
    }

    /** A connection watching a user. */
    public record Subscription(String watchedUserId, String connectionId, String subscriberUserId, String nodeId,
            String callbackUrl) {
    }

    public void subscribe(List<Subscription> subs, long ttlEpochSeconds) {
        BatchWrites.putAll(dynamo, table, subs.stream().map(sub -> Map.of(
                PresenceSubs.WATCHED_USER_ID, s(sub.watchedUserId()),
                PresenceSubs.CONNECTION_ID, s(sub.connectionId()),
                PresenceSubs.SUBSCRIBER_USER_ID, s(sub.subscriberUserId()),
                PresenceSubs.NODE_ID, s(sub.nodeId()), PresenceSubs.CALLBACK_URL, s(sub.callbackUrl()),
                PresenceSubs.TTL, n(ttlEpochSeconds))).toList());
    }

    public List<Subscription> subscribersOf(String watchedUserId) {
        List<Subscription> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table)
                    .keyConditionExpression("#w = :w").expressionAttributeNames(Map.of("#w",
                            PresenceSubs.WATCHED_USER_ID))
                    .expressionAttributeValues(Map.of(":w", s(watchedUserId))).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : r.items()) {
                out.add(new Subscription(watchedUserId, str(item, PresenceSubs.CONNECTION_ID),
                        str(item, PresenceSubs.SUBSCRIBER_USER_ID), str(item, PresenceSubs.NODE_ID),
                        str(item, PresenceSubs.CALLBACK_URL)));
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    public void remove(Subscription sub) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of(PresenceSubs.WATCHED_USER_ID, s(sub.watchedUserId()),
                PresenceSubs.CONNECTION_ID, s(sub.connectionId()))));
    }
}
