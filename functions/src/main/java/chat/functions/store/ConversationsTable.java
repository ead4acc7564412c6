package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.Conversations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The conversations table. {@code lastSeq} is a hint that only moves forward: the fan-out worker advances it before
 * it delivers a message, so a device that registered its connection and then syncs either sees the new head or gets
 * the message live.
 */
@ApplicationScoped
public class ConversationsTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public ConversationsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Conversations.DEF);
    }

    /** {@code name}, {@code memberCount}, {@code deliveredAll} and {@code readAll} are for groups. */
    public record Conversation(String conversationId, String kind, long lastSeq, long lastActivityAt, String name,
            long memberCount, long deliveredAll, long readAll) {
        public boolean group() {
            return "group".equals(kind);
        }
    }

    /** Creates the conversation unless it exists; either way it exists afterwards. */
    public void createIfAbsent(String conversationId, String kind, long now) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(Conversations.CONVERSATION_ID, s(conversationId), Conversations.KIND, s(kind),
                            Conversations.CREATED_AT, n(now), Conversations.LAST_SEQ, n(0),
                            Conversations.LAST_ACTIVITY_AT, n(now)))
                    .conditionExpression("attribute_not_exists(#c)")
                    .expressionAttributeNames(Map.of("#c", Conversations.CONVERSATION_ID)));
        } catch (ConditionalCheckFailedException alreadyThere) {
            // Two first messages raced; the other one created it.
        }
    }

    /** Creates a group with its member count; false if it exists (a retried create). */
    public boolean createGroup(String conversationId, String name, int memberCount, long now) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(Conversations.CONVERSATION_ID, s(conversationId), Conversations.KIND, s("group"),
                            Conversations.NAME, s(name), Conversations.MEMBER_COUNT, n(memberCount),
                            Conversations.CREATED_AT, n(now), Conversations.LAST_SEQ, n(0),
                            Conversations.LAST_ACTIVITY_AT, n(now), Conversations.DELIVERED_ALL, n(0),
                            Conversations.READ_ALL, n(0), Conversations.RESERVATIONS,
                            AttributeValue.fromM(Map.of())))
                    .conditionExpression("attribute_not_exists(#c)")
                    .expressionAttributeNames(Map.of("#c", Conversations.CONVERSATION_ID)));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    /** Takes {@code count} member slots (negative gives them back); false if that would pass {@code max}. */
    public boolean changeMemberCount(String conversationId, int count, int max) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(Conversations.CONVERSATION_ID, s(conversationId)))
                    .updateExpression("SET #m = #m + :n")
                    .conditionExpression("#m <= :limit")
                    .expressionAttributeNames(Map.of("#m", Conversations.MEMBER_COUNT))
                    .expressionAttributeValues(Map.of(":n", n(count), ":limit", n((long) max - count))));
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }

    public void rename(String conversationId, String name) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of(Conversations.CONVERSATION_ID, s(conversationId)))
                .updateExpression("SET #n = :n")
                .expressionAttributeNames(Map.of("#n", Conversations.NAME))
                .expressionAttributeValues(Map.of(":n", s(name))));
    }

    /** Moves the group's aggregated cursors forward; true if either moved. */
    public boolean advanceGroupReceipts(String conversationId, long deliveredAll, long readAll) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(Conversations.CONVERSATION_ID, s(conversationId)))
                    .updateExpression("SET #d = :d, #r = :r")
                    .conditionExpression("#d < :d OR #r < :r")
                    .expressionAttributeNames(Map.of("#d", Conversations.DELIVERED_ALL,
                            "#r", Conversations.READ_ALL))
                    .expressionAttributeValues(Map.of(":d", n(deliveredAll), ":r", n(readAll))));
            return true;
        } catch (ConditionalCheckFailedException unchanged) {
            return false;
        }
    }

    /** Moves lastSeq forward to {@code seq}; a no-op if it is already there or beyond. */
    public void advanceHead(String conversationId, long seq, long at) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(Conversations.CONVERSATION_ID, s(conversationId)))
                    .updateExpression("SET #s = :s, #a = :a")
                    .conditionExpression("attribute_exists(#c) AND #s < :s")
                    .expressionAttributeNames(Map.of("#s", Conversations.LAST_SEQ,
                            "#a", Conversations.LAST_ACTIVITY_AT, "#c", Conversations.CONVERSATION_ID))
                    .expressionAttributeValues(Map.of(":s", n(seq), ":a", n(at))));
        } catch (ConditionalCheckFailedException alreadyAhead) {
            // Another batch got there first.
        }
    }

    public Optional<Conversation> find(String conversationId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Conversations.CONVERSATION_ID, s(conversationId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    /** Strongly consistent batch read; unknown ids are absent from the result. */
    public Map<String, Conversation> findAll(List<String> conversationIds) {
        Map<String, Conversation> out = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGets.items(dynamo, table, Conversations.CONVERSATION_ID,
                conversationIds, b -> b.consistentRead(true))) {
            Conversation c = read(item);
            out.put(c.conversationId(), c);
        }
        return out;
    }

    private static Conversation read(Map<String, AttributeValue> item) {
        return new Conversation(str(item, Conversations.CONVERSATION_ID), str(item, Conversations.KIND),
                num(item, Conversations.LAST_SEQ), num(item, Conversations.LAST_ACTIVITY_AT),
                str(item, Conversations.NAME), num(item, Conversations.MEMBER_COUNT),
                num(item, Conversations.DELIVERED_ALL), num(item, Conversations.READ_ALL));
    }
}
