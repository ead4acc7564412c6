package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.NodeConnections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Per broker instance, the devices it holds; read only by the reaper after the instance died. */
@ApplicationScoped
public class NodeConnectionsTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public NodeConnectionsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(NodeConnections.DEF);
    }

    public record Held(String userId, String deviceId, String connectionId) {
    }

    public void put(String nodeId, String userId, String deviceId, String connectionId, long ttlEpochSeconds) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(NodeConnections.NODE_ID, s(nodeId),
                NodeConnections.DEVICE_KEY, s(userId + "#" + deviceId),
                NodeConnections.CONNECTION_ID, s(connectionId), NodeConnections.TTL, n(ttlEpochSeconds))));
    }

    /** Removes the entry unless the device reconnected to the same node meanwhile. */
    public void remove(String nodeId, String userId, String deviceId, String connectionId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(nodeId, userId, deviceId))
                    .conditionExpression("#c = :c")
                    .expressionAttributeNames(Map.of("#c", NodeConnections.CONNECTION_ID))
                    .expressionAttributeValues(Map.of(":c", s(connectionId))));
        } catch (ConditionalCheckFailedException newer) {
            // A newer connection of the device on this node owns the entry.
        }
    }

    public List<Held> heldBy(String nodeId) {
        List<Held> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#n = :n").expressionAttributeNames(Map.of("#n", NodeConnections.NODE_ID))
                    .expressionAttributeValues(Map.of(":n", s(nodeId))).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : r.items()) {
                String[] parts = str(item, NodeConnections.DEVICE_KEY).split("#", 2);
                out.add(new Held(parts[0], parts[1], str(item, NodeConnections.CONNECTION_ID)));
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    public void delete(String nodeId, Held held) {
        dynamo.deleteItem(b -> b.tableName(table).key(key(nodeId, held.userId(), held.deviceId())));
    }

    private static Map<String, AttributeValue> key(String nodeId, String userId, String deviceId) {
        return Map.of(NodeConnections.NODE_ID, s(nodeId), NodeConnections.DEVICE_KEY, s(userId + "#" + deviceId));
    }
}
