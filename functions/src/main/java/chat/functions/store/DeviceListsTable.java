package chat.functions.store;

import static chat.functions.store.Attr.b;
import static chat.functions.store.Attr.bytes;
import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;

import chat.model.schema.Tables.DeviceLists;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Each user's signed device list, stored as its devices signed it. A write replaces the stored list only with a
 * higher version under the same identity key, or with a list under another identity key (the account started again
 * with a new one); a write that is not newer is answered as a value.
 */
@ApplicationScoped
public class DeviceListsTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public DeviceListsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(DeviceLists.DEF);
    }

    /** A stored list: the identity key it verified with, its version and its signed bytes. */
    public record Stored(byte[] identityKey, long version, byte[] signedList) {
    }

    public Optional<Stored> get(String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(DeviceLists.USER_ID, s(userId)))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(new Stored(bytes(item, DeviceLists.IDENTITY_KEY), num(item, DeviceLists.VERSION),
                        bytes(item, DeviceLists.SIGNED_LIST)));
    }

    /** Stores the list; false when a list of this identity key with this version or a higher one is stored. */
    public boolean putNewer(String userId, Stored list, long now) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(DeviceLists.USER_ID, s(userId), DeviceLists.IDENTITY_KEY, b(list.identityKey()),
                            DeviceLists.VERSION, n(list.version()), DeviceLists.SIGNED_LIST, b(list.signedList()),
                            DeviceLists.UPDATED_AT, n(now)))
                    .conditionExpression("attribute_not_exists(#u) OR #ik <> :ik OR #v < :v")
                    .expressionAttributeNames(Map.of("#u", DeviceLists.USER_ID, "#ik", DeviceLists.IDENTITY_KEY,
                            "#v", DeviceLists.VERSION))
                    .expressionAttributeValues(Map.of(":ik", b(list.identityKey()), ":v", n(list.version()))));
            return true;
        } catch (ConditionalCheckFailedException notNewer) {
            return false;
        }
    }

    public void delete(String userId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of(DeviceLists.USER_ID, s(userId))));
    }
}
