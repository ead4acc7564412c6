package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.Connections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** The connections table: one item per connected device, naming the broker node that holds it. */
@ApplicationScoped
public class ConnectionsTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public ConnectionsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Connections.DEF);
    }

    public record Connection(String userId, String deviceId, String connectionId, String nodeId,
            String callbackUrl) {
    }

    /** Records the device's connection, replacing (and returning) the one it had before. */
    public Optional<Connection> put(Connection c, long now, long expiresAtEpochSeconds) {
        PutItemResponse r = dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(Connections.USER_ID, s(c.userId()), Connections.DEVICE_ID, s(c.deviceId()),
                        Connections.CONNECTION_ID, s(c.connectionId()), Connections.NODE_ID, s(c.nodeId()),
                        Connections.CALLBACK_URL, s(c.callbackUrl()), Connections.CONNECTED_AT, n(now),
                        Connections.EXPIRES_AT, n(expiresAtEpochSeconds)))
                .returnValues(ReturnValue.ALL_OLD));
        if (!r.hasAttributes() || r.attributes().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(r.attributes()));
    }

    /** Every connected device of the user. */
    public List<Connection> ofUser(String userId) {
        return dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", Connections.USER_ID))
                .expressionAttributeValues(Map.of(":u", s(userId))))
                .items().stream().map(ConnectionsTable::read).toList();
    }

    /** Forgets the device's connection, unless it has been replaced by a newer one meanwhile. */
    public void removeIfCurrent(String userId, String deviceId, String connectionId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(Connections.USER_ID, s(userId), Connections.DEVICE_ID, s(deviceId)))
                    .conditionExpression("#c = :c")
                    .expressionAttributeNames(Map.of("#c", Connections.CONNECTION_ID))
                    .expressionAttributeValues(Map.of(":c", s(connectionId))));
        } catch (ConditionalCheckFailedException replaced) {
            // The device reconnected; its new connection stays.
        }
    }

    private static Connection read(Map<String, AttributeValue> item) {
        return new Connection(str(item, Connections.USER_ID), str(item, Connections.DEVICE_ID),
                str(item, Connections.CONNECTION_ID), str(item, Connections.NODE_ID),
                str(item, Connections.CALLBACK_URL));
    }
}
