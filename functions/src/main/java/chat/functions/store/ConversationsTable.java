package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.Ids;
import chat.model.schema.Tables.Conversations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The conversations table. {@code lastSeq} only moves forward: the send path advances it before it delivers a message
 * (and before it answers SENT), so a device that registered its connection and then syncs either sees the new head
 * or gets the message live. A direct chat's item also holds both members' cursors.
 */
@ApplicationScoped
public class ConversationsTable {
    private final DynamoDbClient dynamo;
    private final BatchGets batchGets;
    private final String table;

    public ConversationsTable(DynamoDbClient dynamo, TableNames names, BatchGets batchGets) {
        this.dynamo = dynamo;
        this.batchGets = batchGets;
        this.table = names.of(Conversations.DEF);
    }

    /**
     * {@code name}, {@code memberCount}, {@code deliveredAll} and {@code readAll} are for groups; {@code cursors}
     * (user id to cursors) for direct chats.
     */
    public record Conversation(String conversationId, String kind, long lastSeq, long lastActivityAt, String name,
            long memberCount, long deliveredAll, long readAll, Map<String, Cursors> cursors) {
        public boolean group() {
            return "group".equals(kind);
        }

        /** A direct-chat member's cursors; zero before their first ack. */
        public Cursors cursorsOf(String userId) {
            return cursors.getOrDefault(userId, Cursors.NONE);
        }
    }

    /** A direct-chat member's cumulative cursors. */
    public record Cursors(long delivered, long read) {
        public static final Cursors NONE = new Cursors(0, 0);
    }

    /** Creates the conversation unless it exists; either way it exists afterwards. */
    public void createIfAbsent(String conversationId, String kind, long now) {
        try {
            Map<String, AttributeValue> item = new HashMap<>(Map.of(Conversations.CONVERSATION_ID, s(conversationId),
                    Conversations.KIND, s(kind), Conversations.CREATED_AT, n(now), Conversations.LAST_SEQ, n(0),
                    Conversations.LAST_ACTIVITY_AT, n(now)));
            if (Ids.isDirect(conversationId)) {
                for (String user : Ids.directMembers(conversationId)) {
                    item.put(Conversations.deliveredOf(user), n(0));
                    item.put(Conversations.readOf(user), n(0));
                }
            }
            dynamo.putItem(b -> b.tableName(table).item(item)
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

    /**
     * Direct chats: moves lastSeq forward to {@code seq} and the author's own cursors with it, in one write (the
     * author has seen what they wrote; their cursors are at most the old head, below {@code seq}, so they only move
     * forward). False if the head is already there or beyond: then call {@link #advanceOwnCursors}.
     */
    public boolean advanceHeadAndOwn(String conversationId, String authorId, long seq, long at) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(Conversations.CONVERSATION_ID, s(conversationId)))
                    .updateExpression("SET #s = :s, #a = :a, #d = :s, #r = :s")
                    .conditionExpression("attribute_exists(#c) AND #s < :s")
                    .expressionAttributeNames(Map.of("#s", Conversations.LAST_SEQ,
                            "#a", Conversations.LAST_ACTIVITY_AT, "#c", Conversations.CONVERSATION_ID,
                            "#d", Conversations.deliveredOf(authorId), "#r", Conversations.readOf(authorId)))
                    .expressionAttributeValues(Map.of(":s", n(seq), ":a", n(at))));
            return true;
        } catch (ConditionalCheckFailedException alreadyAhead) {
            return false;
        }
    }

    /**
     * Direct chats: the author's cursors move to at least {@code seq} (which is stored, so at or below the head).
     * A second write only when the delivered cursor is already beyond.
     */
    public void advanceOwnCursors(String conversationId, String authorId, long seq) {
        Map<String, AttributeValue> key = Map.of(Conversations.CONVERSATION_ID, s(conversationId));
        Map<String, String> names = Map.of("#c", Conversations.CONVERSATION_ID,
                "#d", Conversations.deliveredOf(authorId), "#r", Conversations.readOf(authorId));
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET #d = :s, #r = :s")
                    .conditionExpression("attribute_exists(#c) AND (attribute_not_exists(#d) OR #d <= :s)"
                            + " AND (attribute_not_exists(#r) OR #r < :s)")
                    .expressionAttributeNames(names).expressionAttributeValues(Map.of(":s", n(seq))));
            return;
        } catch (ConditionalCheckFailedException readAtSeqOrDeliveredBeyond) {
            // Fall through: only the read cursor may still be behind.
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET #r = :s")
                    .conditionExpression("attribute_exists(#c) AND (attribute_not_exists(#r) OR #r < :s)")
                    .expressionAttributeNames(Map.of("#c", Conversations.CONVERSATION_ID,
                            "#r", Conversations.readOf(authorId)))
                    .expressionAttributeValues(Map.of(":s", n(seq))));
        } catch (ConditionalCheckFailedException alreadyThere) {
            // Read up to seq or beyond: nothing to move.
        }
    }

    /**
     * Direct chats: one conditional write moving a member's cursors forward to the ack's values, for the usual
     * shapes of an ack, and only if the head covers them: "delivered" alone moves the delivered cursor; "read" alone
     * (a conversation opened on what had arrived earlier) moves the read cursor, whose delivered cursor is already
     * there; both named (a message shown and read in the same window, the reference client's one frame) move both,
     * neither backwards, at least one forwards. Empty when that condition fails (also when the conversation does not
     * exist): then read with {@link #find} and use {@link #replaceCursors}. {@code delivered} and {@code read} are
     * as the ack names them, null when it does not.
     */
    public Optional<Cursors> tryAdvanceCursors(String conversationId, String userId, Long delivered, Long read) {
        long effective = Math.max(delivered == null ? 0 : delivered, read == null ? 0 : read);
        Map<String, String> names = new HashMap<>(Map.of("#c", Conversations.CONVERSATION_ID,
                "#s", Conversations.LAST_SEQ, "#d", Conversations.deliveredOf(userId)));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":d", n(effective)));
        String update;
        String condition = "attribute_exists(#c) AND #s >= :d";
        if (read == null) {
            update = "SET #d = :d";
            condition += " AND (attribute_not_exists(#d) OR #d < :d)";
        } else {
            names.put("#r", Conversations.readOf(userId));
            values.put(":r", n(read));
            if (delivered == null) {
                update = "SET #r = :r";
                condition += " AND (attribute_not_exists(#r) OR #r < :r) AND #d >= :r";
            } else {
                update = "SET #d = :d, #r = :r";
                condition += " AND (attribute_not_exists(#d) OR #d <= :d) AND (attribute_not_exists(#r) OR #r <= :r)"
                        + " AND (attribute_not_exists(#d) OR attribute_not_exists(#r) OR #d < :d OR #r < :r)";
            }
        }
        return updateCursors(conversationId, userId, update, condition, names, values);
    }

    /**
     * Direct chats: sets a member's cursors to {@code next} if they are still {@code seen} and the head covers
     * them; empty if not (read again and decide again).
     */
    public Optional<Cursors> replaceCursors(String conversationId, String userId, Cursors seen, Cursors next) {
        Map<String, String> names = Map.of("#c", Conversations.CONVERSATION_ID, "#s", Conversations.LAST_SEQ,
                "#d", Conversations.deliveredOf(userId), "#r", Conversations.readOf(userId));
        Map<String, AttributeValue> values = Map.of(":nd", n(next.delivered()), ":nr", n(next.read()),
                ":od", n(seen.delivered()), ":or", n(seen.read()));
        // An absent cursor reads as zero.
        String condition = "attribute_exists(#c) AND #s >= :nd"
                + (seen.delivered() == 0 ? " AND (attribute_not_exists(#d) OR #d = :od)" : " AND #d = :od")
                + (seen.read() == 0 ? " AND (attribute_not_exists(#r) OR #r = :or)" : " AND #r = :or");
        return updateCursors(conversationId, userId, "SET #d = :nd, #r = :nr", condition, names, values);
    }

    private Optional<Cursors> updateCursors(String conversationId, String userId, String update, String condition,
            Map<String, String> names, Map<String, AttributeValue> values) {
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(Conversations.CONVERSATION_ID, s(conversationId)))
                    .updateExpression(update).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(read(after).cursorsOf(userId));
        } catch (ConditionalCheckFailedException notAsExpected) {
            return Optional.empty();
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
        for (Map<String, AttributeValue> item : batchGets.items(dynamo, table, Conversations.CONVERSATION_ID,
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
                num(item, Conversations.DELIVERED_ALL), num(item, Conversations.READ_ALL), cursors(item));
    }

    private static Map<String, Cursors> cursors(Map<String, AttributeValue> item) {
        Map<String, Cursors> out = new HashMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(Conversations.DELIVERED_PREFIX)) {
                String user = name.substring(Conversations.DELIVERED_PREFIX.length());
                out.put(user, new Cursors(Long.parseLong(value.n()), num(item, Conversations.readOf(user))));
            } else if (name.startsWith(Conversations.READ_PREFIX)) {
                String user = name.substring(Conversations.READ_PREFIX.length());
                out.putIfAbsent(user, new Cursors(num(item, Conversations.deliveredOf(user)),
                        Long.parseLong(value.n())));
            }
        });
        return out;
    }
}
