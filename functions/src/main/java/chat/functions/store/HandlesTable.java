package chat.functions.store;

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

    /** Binds the handle to the user; false if another user has it. */
    public boolean claim(String handle, String userId) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(Handles.HANDLE, s(handle), Handles.USER_ID, s(userId)))
                    .conditionExpression("attribute_not_exists(#h)")
                    .expressionAttributeNames(Map.of("#h", Handles.HANDLE)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public Optional<String> userId(String handle) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(Handles.HANDLE, s(handle)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(str(item, Handles.USER_ID));
    }
}
