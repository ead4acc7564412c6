package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.schema.Tables.Members;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The members table: who is in a conversation, from which seq, and how far each member has received and read. */
@ApplicationScoped
public class MembersTable {
    /** Optimistic cursor updates retry this often under contention before giving up. */
    private static final int CURSOR_ATTEMPTS = 8;
    private final DynamoDbClient dynamo;
    private final BatchGets batchGets;
    private final String table;

    public MembersTable(DynamoDbClient dynamo, TableNames names, BatchGets batchGets) {
        this.dynamo = dynamo;
        this.batchGets = batchGets;
        this.table = names.of(Members.DEF);
    }

    /**
     * A membership. {@code leftSeq} is set once the member left or was removed (the last seq they may see);
     * {@code leaving} while that removal is being stored.
     */
    public record Member(String conversationId, String userId, String role, long joinSeq, long deliveredSeq,
            long readSeq, Long leftSeq, boolean leaving) {

        public boolean active() {
            return leftSeq == null && !leaving;
        }

        public boolean admin() {
            return "admin".equals(role);
        }

        /** Whether the entry with this seq is for this member's eyes. */
        public boolean sees(long seq) {
            return seq > joinSeq && !leaving && (leftSeq == null || seq <= leftSeq);
        }

        /** The last seq this member may read. */
        public long lastVisible(long head) {
            return leftSeq == null ? head : Math.min(head, leftSeq);
        }
    }

    /** Adds the member unless they are an active member already (a member who left is added again). */
    public void addIfAbsent(String conversationId, String userId, String role, long joinSeq, long now) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(Members.CONVERSATION_ID, s(conversationId), Members.USER_ID, s(userId),
                            Members.ROLE, s(role), Members.JOIN_SEQ, n(joinSeq), Members.DELIVERED_SEQ, n(joinSeq),
                            Members.READ_SEQ, n(joinSeq), Members.JOINED_AT, n(now)))
                    .conditionExpression("attribute_not_exists(#u) OR attribute_exists(#l)")
                    .expressionAttributeNames(Map.of("#u", Members.USER_ID, "#l", Members.LEFT_SEQ)));
        } catch (ConditionalCheckFailedException alreadyMember) {
            // Idempotent: the member is there.
        }
    }

    /** First step of a removal: the member stops receiving and sending at once. False if not an active member. */
    public boolean markLeaving(String conversationId, String userId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(conversationId, userId))
                    .updateExpression("SET #g = :t")
                    .conditionExpression("attribute_exists(#u) AND attribute_not_exists(#l)")
                    .expressionAttributeNames(Map.of("#g", Members.LEAVING, "#u", Members.USER_ID,
                            "#l", Members.LEFT_SEQ))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
            return true;
        } catch (ConditionalCheckFailedException notActive) {
            return false;
        }
    }

    /** Undoes {@link #markLeaving} when the removal could not be stored. */
    public void clearLeaving(String conversationId, String userId) {
        dynamo.updateItem(b -> b.tableName(table).key(key(conversationId, userId))
                .updateExpression("REMOVE #g")
                .expressionAttributeNames(Map.of("#g", Members.LEAVING)));
    }

    /** Last step of a removal: the member may see entries up to {@code seq} (the removal itself) and no further. */
    public void markLeft(String conversationId, String userId, long seq) {
        dynamo.updateItem(b -> b.tableName(table).key(key(conversationId, userId))
                .updateExpression("SET #l = :s REMOVE #g")
                .conditionExpression("attribute_exists(#u)")
                .expressionAttributeNames(Map.of("#g", Members.LEAVING, "#u", Members.USER_ID,
                        "#l", Members.LEFT_SEQ))
                .expressionAttributeValues(Map.of(":s", n(seq))));
    }

    public void setRole(String conversationId, String userId, String role) {
        dynamo.updateItem(b -> b.tableName(table).key(key(conversationId, userId))
                .updateExpression("SET #r = :r")
                .conditionExpression("attribute_exists(#u)")
                .expressionAttributeNames(Map.of("#r", Members.ROLE, "#u", Members.USER_ID))
                .expressionAttributeValues(Map.of(":r", s(role))));
    }

    public Optional<Member> find(String conversationId, String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(conversationId, userId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    /** The user's memberships of these conversations (strongly consistent); absent where there is none. */
    public Map<String, Member> findAll(String userId, Collection<String> conversationIds) {
        Map<String, Member> out = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(conversationIds).stream()
                .map(c -> key(c, userId)).toList();
        for (Map<String, AttributeValue> item : batchGets.itemsByKey(dynamo, table, keys,
                b -> b.consistentRead(true))) {
            Member m = read(item);
            out.put(m.conversationId(), m);
        }
        return out;
    }

    /** Every member of a conversation. */
    public List<Member> members(String conversationId) {
        return queryAll(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#c = :c")
                .expressionAttributeNames(Map.of("#c", Members.CONVERSATION_ID))
                .expressionAttributeValues(Map.of(":c", s(conversationId))).build());
    }

    /** Every conversation a user is in (through the byUser index, which is eventually consistent). */
    public List<Member> conversationsOf(String userId) {
        return queryAll(QueryRequest.builder().tableName(table).indexName(Members.BY_USER_INDEX)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", Members.USER_ID))
                .expressionAttributeValues(Map.of(":u", s(userId))).build());
    }

    /**
     * The author of {@code seq} has seen the conversation up to it: both cursors move to at least {@code seq}. One
     * conditional write and no read in the usual case; a second write only when the delivered cursor is already
     * beyond. A missing member row stays missing. Answers the row as it was before a write that moved a cursor
     * (group receipts count members passing the aggregate), or empty if nothing moved.
     */
    public Optional<Member> advanceToOwn(String conversationId, String userId, long seq) {
        Map<String, String> names = Map.of("#d", Members.DELIVERED_SEQ, "#r", Members.READ_SEQ);
        try {
            UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table).key(key(conversationId, userId))
                    .updateExpression("SET #d = :s, #r = :s").conditionExpression("#d <= :s AND #r < :s")
                    .expressionAttributeNames(names).expressionAttributeValues(Map.of(":s", n(seq)))
                    .returnValues(ReturnValue.ALL_OLD));
            return old(r);
        } catch (ConditionalCheckFailedException readAtSeqOrDeliveredBeyond) {
            // Fall through: only the read cursor may still be behind.
        }
        try {
            UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table).key(key(conversationId, userId))
                    .updateExpression("SET #r = :s").conditionExpression("#r < :s")
                    .expressionAttributeNames(Map.of("#r", Members.READ_SEQ))
                    .expressionAttributeValues(Map.of(":s", n(seq)))
                    .returnValues(ReturnValue.ALL_OLD));
            return old(r);
        } catch (ConditionalCheckFailedException alreadyThere) {
            // Read up to seq or beyond, or no such member: nothing to move.
            return Optional.empty();
        }
    }

    /**
     * An ack's usual case in one write and no read: an active member whose cursors are both at or below the new
     * ones, one of them strictly, moves to exactly {@code delivered}/{@code read} ({@code delivered >= read}; a null
     * {@code read} leaves the read cursor, and then the delivered one must move). Answers the row as it was before,
     * or empty when that is not the case (not an active member, nothing to move, or a cursor beyond): then
     * {@link #advanceCursors} after a read sorts it out.
     */
    public Optional<Member> advanceIfBehind(String conversationId, String userId, long delivered, Long read) {
        String active = "attribute_exists(#u) AND attribute_not_exists(#l) AND attribute_not_exists(#g) AND ";
        Map<String, String> names = new HashMap<>(Map.of("#d", Members.DELIVERED_SEQ, "#u", Members.USER_ID,
                "#l", Members.LEFT_SEQ, "#g", Members.LEAVING));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":d", n(delivered)));
        String update;
        String condition;
        if (read == null) {
            update = "SET #d = :d";
            condition = active + "#d < :d";
        } else {
            names.put("#r", Members.READ_SEQ);
            values.put(":r", n(read));
            update = "SET #d = :d, #r = :r";
            condition = active + "#d <= :d AND #r <= :r AND (#d < :d OR #r < :r)";
        }
        try {
            UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table).key(key(conversationId, userId))
                    .updateExpression(update).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD));
            return old(r);
        } catch (ConditionalCheckFailedException notTheUsualCase) {
            return Optional.empty();
        }
    }

    private static Optional<Member> old(UpdateItemResponse r) {
        return r.hasAttributes() && !r.attributes().isEmpty() ? Optional.of(read(r.attributes())) : Optional.empty();
    }

    /**
     * Moves the member's cursors forward to at least the given values (never back) and returns the cursors after.
     * Optimistic: the write is conditioned on the values it read.
     */
    public Member advanceCursors(Member current, long delivered, long read) {
        Member m = current;
        for (int attempt = 0; attempt < CURSOR_ATTEMPTS; attempt++) {
            long newRead = Math.max(m.readSeq(), read);
            long newDelivered = Math.max(Math.max(m.deliveredSeq(), delivered), newRead);
            if (newRead == m.readSeq() && newDelivered == m.deliveredSeq()) {
                return m;
            }
            Member seen = m;
            try {
                dynamo.updateItem(b -> b.tableName(table)
                        .key(key(seen.conversationId(), seen.userId()))
                        .updateExpression("SET #d = :nd, #r = :nr")
                        .conditionExpression("#d = :od AND #r = :or")
                        .expressionAttributeNames(Map.of("#d", Members.DELIVERED_SEQ, "#r", Members.READ_SEQ))
                        .expressionAttributeValues(Map.of(":nd", n(newDelivered), ":nr", n(newRead),
                                ":od", n(seen.deliveredSeq()), ":or", n(seen.readSeq()))));
                return new Member(m.conversationId(), m.userId(), m.role(), m.joinSeq(), newDelivered, newRead,
                        m.leftSeq(), m.leaving());
            } catch (ConditionalCheckFailedException raced) {
                m = find(m.conversationId(), m.userId())
                        .orElseThrow(() -> new ChatException(ErrorCode.CONVERSATION_NOT_FOUND,
                                "conversation not found"));
            }
        }
        throw new ChatException(ErrorCode.UNAVAILABLE, "cursor update contended; retry");
    }

    private List<Member> queryAll(QueryRequest request) {
        List<Member> out = new ArrayList<>();
        QueryRequest next = request;
        while (next != null) {
            QueryResponse page = dynamo.query(next);
            page.items().forEach(item -> out.add(read(item)));
            next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? next.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build() : null;
        }
        return out;
    }

    private static Map<String, AttributeValue> key(String conversationId, String userId) {
        return Map.of(Members.CONVERSATION_ID, s(conversationId), Members.USER_ID, s(userId));
    }

    private static Member read(Map<String, AttributeValue> item) {
        AttributeValue left = item.get(Members.LEFT_SEQ);
        AttributeValue leaving = item.get(Members.LEAVING);
        return new Member(str(item, Members.CONVERSATION_ID), str(item, Members.USER_ID), str(item, Members.ROLE),
                num(item, Members.JOIN_SEQ), num(item, Members.DELIVERED_SEQ), num(item, Members.READ_SEQ),
                left == null ? null : Long.valueOf(left.n()), leaving != null && Boolean.TRUE.equals(leaving.bool()));
    }
}
