package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.Devices;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The devices table: a user's devices with the hash of each device's secret. */
@ApplicationScoped
public class DevicesTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public DevicesTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Devices.DEF);
    }

    public void create(String userId, String deviceId, String name, String secretHash, long now) {
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(Devices.USER_ID, s(userId), Devices.DEVICE_ID, s(deviceId), Devices.NAME, s(name),
                        Devices.SECRET_HASH, s(secretHash), Devices.CREATED_AT, n(now)))
                .conditionExpression("attribute_not_exists(#d)")
                .expressionAttributeNames(Map.of("#d", Devices.DEVICE_ID)));
    }

    public Optional<String> secretHash(String userId, String deviceId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(Devices.USER_ID, s(userId), Devices.DEVICE_ID, s(deviceId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(str(item, Devices.SECRET_HASH));
    }

    /** Strongly consistent: a device removed a moment ago is gone here. */
    public boolean exists(String userId, String deviceId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(userId, deviceId)).projectionExpression("#d")
                .expressionAttributeNames(Map.of("#d", Devices.DEVICE_ID))).item();
        return item != null && !item.isEmpty();
    }

    /** A device of the user's, as listed to its owner. */
    public record Device(String deviceId, String name, long createdAt) {
    }

    /** Every device of the user (strongly consistent), oldest first. */
    public List<Device> list(String userId) {
        List<Device> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", Devices.USER_ID))
                    .expressionAttributeValues(Map.of(":u", s(userId))).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : r.items()) {
                out.add(new Device(str(item, Devices.DEVICE_ID), str(item, Devices.NAME),
                        Attr.num(item, Devices.CREATED_AT)));
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        out.sort(java.util.Comparator.comparingLong(Device::createdAt).thenComparing(Device::deviceId));
        return out;
    }

    /** Deletes the device (its credential stops working); false when the user has no such device. */
    public boolean delete(String userId, String deviceId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(userId, deviceId))
                    .conditionExpression("attribute_exists(#d)")
                    .expressionAttributeNames(Map.of("#d", Devices.DEVICE_ID)));
            return true;
        } catch (ConditionalCheckFailedException absent) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String userId, String deviceId) {
        return Map.of(Devices.USER_ID, s(userId), Devices.DEVICE_ID, s(deviceId));
    }
}
