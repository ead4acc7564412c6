package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;

import chat.model.schema.Tables.Conversations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A group's aggregate receipts on its conversation item: {@code deliveredAll}/{@code readAll} and, for each, how many
 * members are still at or below it ("behind"). A member passing the aggregate takes one off its count with a
 * conditional write that checks the pass on the stored value itself, so nobody has to read the member list until
 * the count reaches 0.
 */
@ApplicationScoped
public class GroupReceiptsTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public GroupReceiptsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Conversations.DEF);
    }

    /** The aggregate and its counts; a count never stored reads as 0 (the first pass then recomputes). */
    public record State(long lastSeq, long deliveredAll, long readAll, long deliveredBehind, long readBehind) {
    }

    /** Strongly consistent; empty if there is no such conversation. */
    public Optional<State> find(String conversationId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(conversationId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    /**
     * A member's cursors moved from {@code before} to {@code after} (per kind): for each aggregate they passed
     * ({@code before <= all < after}, checked on the stored value) one comes off its count. Answers the state
     * after, or empty if no aggregate was passed.
     */
    public Optional<State> passed(String conversationId, long deliveredBefore, long deliveredAfter, long readBefore,
            long readAfter) {
        boolean delivered = deliveredAfter > deliveredBefore;
        boolean read = readAfter > readBefore;
        if (delivered && read) {
            Optional<State> both = pass(conversationId, true, true, deliveredBefore, deliveredAfter, readBefore,
                    readAfter);
            if (both.isPresent()) {
                return both;
            }
        }
        Optional<State> d = delivered
                ? pass(conversationId, true, false, deliveredBefore, deliveredAfter, 0, 0) : Optional.empty();
        Optional<State> r = read
                ? pass(conversationId, false, true, 0, 0, readBefore, readAfter) : Optional.empty();
        return r.isPresent() ? r : d;
    }

    private Optional<State> pass(String conversationId, boolean delivered, boolean read, long db, long da, long rb,
            long ra) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":minus", n(-1));
        StringBuilder add = new StringBuilder("ADD ");
        StringBuilder condition = new StringBuilder();
        if (delivered) {
            names.put("#d", Conversations.DELIVERED_ALL);
            names.put("#db", Conversations.DELIVERED_BEHIND);
            values.put(":db", n(db));
            values.put(":da", n(da));
            add.append("#db :minus");
            condition.append("#d >= :db AND #d < :da");
        }
        if (read) {
            names.put("#r", Conversations.READ_ALL);
            names.put("#rb", Conversations.READ_BEHIND);
            values.put(":rb", n(rb));
            values.put(":ra", n(ra));
            add.append(delivered ? ", " : "").append("#rb :minus");
            condition.append(delivered ? " AND " : "").append("#r >= :rb AND #r < :ra");
        }
        try {
            UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table).key(key(conversationId))
                    .updateExpression(add.toString()).conditionExpression(condition.toString())
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(read(r.attributes()));
        } catch (ConditionalCheckFailedException notPassed) {
            return Optional.empty();
        }
    }

    /**
     * Stores a recomputed aggregate with fresh counts, unless anything changed since {@code seen} was read (another
     * recompute, or a pass whose member the list may or may not show yet): then the caller computes again.
     */
    public boolean store(String conversationId, State seen, long deliveredAll, long readAll, long deliveredBehind,
            long readBehind) {
        Map<String, String> names = Map.of("#d", Conversations.DELIVERED_ALL, "#r", Conversations.READ_ALL,
                "#db", Conversations.DELIVERED_BEHIND, "#rb", Conversations.READ_BEHIND);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":d", n(deliveredAll));
        values.put(":r", n(readAll));
        values.put(":db", n(deliveredBehind));
        values.put(":rb", n(readBehind));
        values.put(":od", n(seen.deliveredAll()));
        values.put(":or", n(seen.readAll()));
        values.put(":odb", n(seen.deliveredBehind()));
        values.put(":orb", n(seen.readBehind()));
        // A count never stored reads as 0: then "unchanged" means still never stored (or stored as 0).
        String unchanged = "#d = :od AND #r = :or"
                + (seen.deliveredBehind() == 0 ? " AND (attribute_not_exists(#db) OR #db = :odb)" : " AND #db = :odb")
                + (seen.readBehind() == 0 ? " AND (attribute_not_exists(#rb) OR #rb = :orb)" : " AND #rb = :orb");
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(conversationId))
                    .updateExpression("SET #d = :d, #r = :r, #db = :db, #rb = :rb")
                    .conditionExpression(unchanged)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String conversationId) {
        return Map.of(Conversations.CONVERSATION_ID, s(conversationId));
    }

    private static State read(Map<String, AttributeValue> item) {
        return new State(num(item, Conversations.LAST_SEQ), num(item, Conversations.DELIVERED_ALL),
                num(item, Conversations.READ_ALL), num(item, Conversations.DELIVERED_BEHIND),
                num(item, Conversations.READ_BEHIND));
    }
}
