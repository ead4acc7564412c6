package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.Devices;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
}
