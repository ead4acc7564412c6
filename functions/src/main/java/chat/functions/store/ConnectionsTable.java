package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.Connections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The connections table: per user, a map from device id to the connection that device holds and the broker node
 * holding it. A device has one entry, so a reconnect replaces (and reports) the old connection.
 */
@ApplicationScoped
public class ConnectionsTable {
    private final DynamoDbClient dynamo;
    private final BatchGets batchGets;
    private final String table;

    public ConnectionsTable(DynamoDbClient dynamo, TableNames names, BatchGets batchGets) {
        this.dynamo = dynamo;
        this.batchGets = batchGets;
        this.table = names.of(Connections.DEF);
    }

    public record Connection(String userId, String deviceId, String connectionId, String nodeId,
            String callbackUrl) {
    }

    /** What a put replaced: the device's previous connection, and every device entry before the put. */
    public record Replaced(Optional<Connection> previous, List<Connection> before) {
    }

    /** Records the device's connection, returning what it replaces. */
    public Replaced put(Connection c, long now, long expiresAtEpochSeconds) {
        AttributeValue entry = AttributeValue.fromM(Map.of(Connections.CONNECTION_ID, s(c.connectionId()),
                Connections.NODE_ID, s(c.nodeId()), Connections.CALLBACK_URL, s(c.callbackUrl()),
                Connections.CONNECTED_AT, n(now)));
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table)
                        .key(Map.of(Connections.USER_ID, s(c.userId())))
                        .updateExpression("SET #m.#d = :e, #x = :x")
                        .conditionExpression("attribute_exists(#m)")
                        .expressionAttributeNames(Map.of("#m", Connections.DEVICES, "#d", c.deviceId(),
                                "#x", Connections.EXPIRES_AT))
                        .expressionAttributeValues(Map.of(":e", entry, ":x", n(expiresAtEpochSeconds)))
                        // The whole old item: it tells atomically whether the user had other devices connected.
                        .returnValues(ReturnValue.ALL_OLD));
                AttributeValue old = r.hasAttributes() ? r.attributes().get(Connections.DEVICES) : null;
                List<Connection> before = devices(c.userId(), old);
                Optional<Connection> previous = before.stream()
                        .filter(x -> x.deviceId().equals(c.deviceId())).findFirst();
                return new Replaced(previous, before);
            } catch (ConditionalCheckFailedException noMapYet) {
                try {
                    dynamo.putItem(b -> b.tableName(table)
                            .item(Map.of(Connections.USER_ID, s(c.userId()),
                                    Connections.DEVICES, AttributeValue.fromM(Map.of(c.deviceId(), entry)),
                                    Connections.EXPIRES_AT, n(expiresAtEpochSeconds)))
                            .conditionExpression("attribute_not_exists(#u)")
                            .expressionAttributeNames(Map.of("#u", Connections.USER_ID)));
                    return new Replaced(Optional.empty(), List.of());
                } catch (ConditionalCheckFailedException anotherDeviceWasFirst) {
                    // The item appeared meanwhile: set our entry inside it on the next attempt.
                }
            }
        }
        throw new IllegalStateException("could not record connection of " + c.userId());
    }

    /** Every connected device of each user (strongly consistent). Users without connections are absent. */
    public Map<String, List<Connection>> ofUsers(Collection<String> userIds) {
        Map<String, List<Connection>> out = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGets.items(dynamo, table, Connections.USER_ID, userIds,
                b -> b.consistentRead(true))) {
            String userId = str(item, Connections.USER_ID);
            AttributeValue devices = item.get(Connections.DEVICES);
            if (devices == null || !devices.hasM() || devices.m().isEmpty()) {
                continue;
            }
            List<Connection> list = new ArrayList<>();
            devices.m().forEach((deviceId, e) -> list.add(read(userId, deviceId, e.m())));
            out.put(userId, list);
        }
        return out;
    }

    /**
     * Forgets the device's connection, unless it has been replaced by a newer one meanwhile. Answers the user's
     * remaining device entries, or empty if nothing was removed.
     */
    public Optional<List<Connection>> removeIfCurrent(String userId, String deviceId, String connectionId) {
        try {
            UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table).returnValues(ReturnValue.ALL_NEW)
                    .key(Map.of(Connections.USER_ID, s(userId)))
                    .updateExpression("REMOVE #m.#d")
                    .conditionExpression("#m.#d.#c = :c")
                    .expressionAttributeNames(Map.of("#m", Connections.DEVICES, "#d", deviceId,
                            "#c", Connections.CONNECTION_ID))
                    .expressionAttributeValues(Map.of(":c", s(connectionId))));
            return Optional.of(devices(userId, r.hasAttributes() ? r.attributes().get(Connections.DEVICES) : null));
        } catch (ConditionalCheckFailedException replaced) {
            // The device reconnected (or was already forgotten); its current connection stays.
            return Optional.empty();
        }
    }

    private static List<Connection> devices(String userId, AttributeValue map) {
        if (map == null || !map.hasM()) {
            return List.of();
        }
        List<Connection> out = new ArrayList<>();
        map.m().forEach((deviceId, e) -> out.add(read(userId, deviceId, e.m())));
        return out;
    }

    private static Connection read(String userId, String deviceId, Map<String, AttributeValue> e) {
        return new Connection(userId, deviceId, str(e, Connections.CONNECTION_ID), str(e, Connections.NODE_ID),
                str(e, Connections.CALLBACK_URL));
    }
}
