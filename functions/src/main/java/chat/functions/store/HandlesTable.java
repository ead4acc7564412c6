package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.Handles;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The handles table: the conditional put here is what keeps handles unique. */
@ApplicationScoped
public class HandlesTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public HandlesTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Handles.DEF);
    }

    /**
     * Binds the handle to the user; false if another user has it, or a deleted account's quarantine still reserves
     * it at {@code now}.
     */
    public boolean claim(String handle, String userId, long now) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(Handles.HANDLE, s(handle), Handles.USER_ID, s(userId)))
                    .conditionExpression("attribute_not_exists(#h) OR #r < :now")
                    .expressionAttributeNames(Map.of("#h", Handles.HANDLE, "#r", Handles.RESERVED_UNTIL))
                    .expressionAttributeValues(Map.of(":now", n(now))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The user the handle names; a handle in quarantine names nobody. */
    public Optional<String> userId(String handle) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(Handles.HANDLE, s(handle)))).item();
        if (item == null || item.isEmpty() || item.containsKey(Handles.RESERVED_UNTIL)) {
            return Optional.empty();
        }
        return Optional.ofNullable(str(item, Handles.USER_ID));
    }

    /**
     * The deleted account's handle stays reserved until {@code until} and names nobody meanwhile. Only while it is
     * still this user's (a repeat finds it quarantined already and changes nothing).
     */
    public void quarantine(String handle, String userId, long until) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Handles.HANDLE, s(handle)))
                    .updateExpression("SET #r = :until")
                    .conditionExpression("#u = :u AND attribute_not_exists(#r)")
                    .expressionAttributeNames(Map.of("#u", Handles.USER_ID, "#r", Handles.RESERVED_UNTIL))
                    .expressionAttributeValues(Map.of(":u", s(userId), ":until", n(until))));
        } catch (ConditionalCheckFailedException alreadyOrNotOurs) {
            // Quarantined by an earlier attempt, or never bound (a registration that lost the handle race).
        }
    }
}
