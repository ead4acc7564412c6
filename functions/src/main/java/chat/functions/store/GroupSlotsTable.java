package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.s;

import chat.model.schema.Tables.Conversations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Member slots of a group, on its conversations item: {@code memberCount} and, per add not yet recorded, a
 * reservation under the add's operation key. Taking slots and recording the reservation are one conditional update,
 * so a retried add (same key) finds its slots instead of taking more, whenever the earlier attempt died.
 */
@ApplicationScoped
public class GroupSlotsTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public GroupSlotsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Conversations.DEF);
    }

    /** What {@link #reserve} did. */
    public enum Outcome { RESERVED, ALREADY_HELD, FULL }

    /** A reservation found on the group. */
    public record Reservation(String op, int count, long at) {
    }

    /** Takes {@code count} slots for {@code op} unless it holds some already (then refreshes its time). */
    public Outcome reserve(String conversationId, String op, int count, int max, long now) {
        try {
            update(conversationId, "SET #m = #m + :n, #r.#k = :v", "attribute_not_exists(#r.#k) AND #m <= :limit",
                    op, Map.of(":n", n(count), ":limit", n((long) max - count), ":v", reservation(count, now)));
            return Outcome.RESERVED;
        } catch (ConditionalCheckFailedException heldOrFull) {
            try {
                update(conversationId, "SET #r.#k.#a = :now", "attribute_exists(#r.#k)", op, Map.of(":now", n(now)));
                return Outcome.ALREADY_HELD;
            } catch (ConditionalCheckFailedException full) {
                return Outcome.FULL;
            }
        } catch (DynamoDbException noReservationsYet) {
            if (!initialize(conversationId)) {
                throw noReservationsYet;
            }
            return reserve(conversationId, op, count, max, now);
        }
    }

    /** The add of {@code op} has recorded its members: its slots now count them, the reservation goes. */
    public void settle(String conversationId, String op) {
        try {
            update(conversationId, "REMOVE #r.#k", "attribute_exists(#r.#k)", op, null);
        } catch (ConditionalCheckFailedException settledBefore) {
            // A retry of a recorded add: nothing left to settle.
        }
    }

    /** Gives the slots of an abandoned reservation back, unless it was refreshed since {@code seen} was read. */
    public boolean release(String conversationId, Reservation seen) {
        try {
            update(conversationId, "SET #m = #m - :n REMOVE #r.#k", "#r.#k.#a = :at", seen.op(),
                    Map.of(":n", n(seen.count()), ":at", n(seen.at())));
            return true;
        } catch (ConditionalCheckFailedException refreshedOrGone) {
            return false;
        }
    }

    public List<Reservation> reservations(String conversationId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Conversations.CONVERSATION_ID, s(conversationId)))
                .projectionExpression("#r").expressionAttributeNames(Map.of("#r", Conversations.RESERVATIONS)))
                .item();
        List<Reservation> out = new ArrayList<>();
        AttributeValue map = item == null ? null : item.get(Conversations.RESERVATIONS);
        if (map != null && map.hasM()) {
            map.m().forEach((op, v) -> out.add(new Reservation(op,
                    Integer.parseInt(v.m().get(Conversations.RESERVED_COUNT).n()),
                    Long.parseLong(v.m().get(Conversations.RESERVED_AT).n()))));
        }
        return out;
    }

    private void update(String conversationId, String expression, String condition, String op,
            Map<String, AttributeValue> values) {
        dynamo.updateItem(b -> {
            b.tableName(table).key(Map.of(Conversations.CONVERSATION_ID, s(conversationId)))
                    .updateExpression(expression).conditionExpression(condition)
                    .expressionAttributeNames(names(expression + condition, op));
            if (values != null) {
                b.expressionAttributeValues(values);
            }
        });
    }

    /** Only the names an expression uses: DynamoDB refuses unused ones. */
    private static Map<String, String> names(String expressions, String op) {
        Map<String, String> all = Map.of("#m", Conversations.MEMBER_COUNT, "#r", Conversations.RESERVATIONS,
                "#k", op, "#a", Conversations.RESERVED_AT);
        Map<String, String> used = new java.util.HashMap<>();
        all.forEach((k, v) -> {
            if (expressions.contains(k)) {
                used.put(k, v);
            }
        });
        return used;
    }

    /** Groups created before reservations existed get the empty map; false if the group is not there. */
    private boolean initialize(String conversationId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(Conversations.CONVERSATION_ID, s(conversationId)))
                    .updateExpression("SET #r = :empty")
                    .conditionExpression("attribute_exists(#c) AND attribute_not_exists(#r)")
                    .expressionAttributeNames(Map.of("#r", Conversations.RESERVATIONS,
                            "#c", Conversations.CONVERSATION_ID))
                    .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()))));
            return true;
        } catch (ConditionalCheckFailedException existsOrNoGroup) {
            return false;
        }
    }

    private static AttributeValue reservation(int count, long now) {
        return AttributeValue.fromM(Map.of(Conversations.RESERVED_COUNT, n(count), Conversations.RESERVED_AT, n(now)));
    }
}
