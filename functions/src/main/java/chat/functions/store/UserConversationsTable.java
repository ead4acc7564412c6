package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.UserConversations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Per user, the conversations they are (or were) in. Written before the membership itself, so a member row never
 * exists without its entry here; read strongly consistently, unlike the members' byUser index.
 */
@ApplicationScoped
public class UserConversationsTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public UserConversationsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(UserConversations.DEF);
    }

    /** Records that each user is in the conversation; idempotent. */
    public void add(String conversationId, Collection<String> userIds, long now) {
        BatchWrites.putAll(dynamo, table, userIds.stream().distinct().map(u -> Map.of(
                UserConversations.USER_ID, s(u), UserConversations.CONVERSATION_ID, s(conversationId),
                UserConversations.ADDED_AT, n(now))).toList());
    }

    /** Every conversation recorded for the user, in id order (strongly consistent). */
    public List<String> conversationIds(String userId) {
        List<String> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#u = :u")
                    .expressionAttributeNames(Map.of("#u", UserConversations.USER_ID,
                            "#c", UserConversations.CONVERSATION_ID))
                    .expressionAttributeValues(Map.of(":u", s(userId)))
                    .projectionExpression("#c").exclusiveStartKey(from));
            r.items().forEach(item -> out.add(str(item, UserConversations.CONVERSATION_ID)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}
