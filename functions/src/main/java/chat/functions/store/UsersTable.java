package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.Limits;
import chat.model.schema.Tables.Users;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The users table: one item per account. */
@ApplicationScoped
public class UsersTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public UsersTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Users.DEF);
    }

    public record User(String userId, String handle, String displayName, String passwordHash, long deviceCount) {
    }

    public void create(User user, long now) {
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(Users.USER_ID, s(user.userId()), Users.HANDLE, s(user.handle()),
                        Users.DISPLAY_NAME, s(user.displayName()), Users.PASSWORD_HASH, s(user.passwordHash()),
                        Users.DEVICE_COUNT, n(0), Users.CREATED_AT, n(now)))
                .conditionExpression("attribute_not_exists(#u)")
                .expressionAttributeNames(Map.of("#u", Users.USER_ID)));
    }

    public Optional<User> find(String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(Users.USER_ID, s(userId)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new User(str(item, Users.USER_ID), str(item, Users.HANDLE),
                str(item, Users.DISPLAY_NAME), str(item, Users.PASSWORD_HASH), num(item, Users.DEVICE_COUNT)));
    }

    public boolean exists(String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(Users.USER_ID, s(userId))).projectionExpression("#u")
                .expressionAttributeNames(Map.of("#u", Users.USER_ID))).item();
        return item != null && !item.isEmpty();
    }

    /** Takes one of the user's device slots; false when all are taken. */
    public boolean reserveDeviceSlot(String userId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(Users.USER_ID, s(userId)))
                    .updateExpression("SET #c = #c + :one")
                    .conditionExpression("attribute_exists(#u) AND #c < :max")
                    .expressionAttributeNames(Map.of("#c", Users.DEVICE_COUNT, "#u", Users.USER_ID))
                    .expressionAttributeValues(Map.of(":one", n(1), ":max", n(Limits.MAX_DEVICES_PER_USER))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
