package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.Brokers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The brokers table: one item per broker instance with its last heartbeat; a handful of items, read whole. */
@ApplicationScoped
public class BrokersTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public BrokersTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Brokers.DEF);
    }

    /** {@code reapedAt} is 0 when no reaper has claimed the node. */
    public record BrokerNode(String nodeId, String callbackUrl, long heartbeatAt, long expiresAt, long reapedAt) {
        public boolean liveAt(long now) {
            return expiresAt > now;
        }
    }

    /** Records a heartbeat; overwrites the item, so it also ends a reaper's claim on a node that came back. */
    public void heartbeat(String nodeId, String callbackUrl, long now, long expiresAt) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(Brokers.NODE_ID, s(nodeId),
                Brokers.CALLBACK_URL, s(callbackUrl), Brokers.HEARTBEAT_AT, n(now), Brokers.EXPIRES_AT, n(expiresAt),
                Brokers.TTL, n(expiresAt / 1000 + 86_400))));
    }

    /**
     * Makes a node count as dead now (its expiry set to {@code now}), unless it beat again since {@code node} was
     * read: for a node whose address refuses calls, so the reaper clears it on its next sweep. True if this did it.
     */
    public boolean expire(BrokerNode node, long now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Brokers.NODE_ID, s(node.nodeId())))
                    .updateExpression("SET #e = :now")
                    .conditionExpression("#h = :h AND #e > :now")
                    .expressionAttributeNames(Map.of("#e", Brokers.EXPIRES_AT, "#h", Brokers.HEARTBEAT_AT))
                    .expressionAttributeValues(Map.of(":now", n(now), ":h", n(node.heartbeatAt()))));
            return true;
        } catch (ConditionalCheckFailedException beatAgainOrExpired) {
            return false;
        }
    }

    /** Every known node (consistent read: the reaper decides on it). */
    public List<BrokerNode> all() {
        List<BrokerNode> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = dynamo.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : r.items()) {
                out.add(new BrokerNode(str(item, Brokers.NODE_ID), str(item, Brokers.CALLBACK_URL),
                        num(item, Brokers.HEARTBEAT_AT), num(item, Brokers.EXPIRES_AT), num(item, Brokers.REAPED_AT)));
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /**
     * Claims the clean-up of an expired node: succeeds for one reaper only, unless the claim is older than
     * {@code staleClaimBefore} (its reaper died) or the node beat again meanwhile.
     */
    public boolean claimReap(BrokerNode node, long now, long staleClaimBefore) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Brokers.NODE_ID, s(node.nodeId())))
                    .updateExpression("SET #r = :now")
                    .conditionExpression("#h = :h AND #e < :now AND (attribute_not_exists(#r) OR #r < :stale)")
                    .expressionAttributeNames(Map.of("#r", Brokers.REAPED_AT, "#h", Brokers.HEARTBEAT_AT,
                            "#e", Brokers.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", n(now), ":h", n(node.heartbeatAt()),
                            ":stale", n(staleClaimBefore))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /** Forgets a reaped node, unless it beat again (a put without reapedAt) or another reaper took over. */
    public void deleteReaped(String nodeId, long reapedAt) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(Brokers.NODE_ID, s(nodeId)))
                    .conditionExpression("#r = :r")
                    .expressionAttributeNames(Map.of("#r", Brokers.REAPED_AT))
                    .expressionAttributeValues(Map.of(":r", n(reapedAt))));
        } catch (ConditionalCheckFailedException changed) {
            // Someone else owns the item now.
        }
    }
}
