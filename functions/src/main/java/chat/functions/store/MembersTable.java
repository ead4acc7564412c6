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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The members table: who is in a conversation, from which seq, and how far each member has received and read. */
@ApplicationScoped
public class MembersTable {
    /** Optimistic cursor updates retry this often under contention before giving up. */
    private static final int CURSOR_ATTEMPTS = 8;
    private final DynamoDbClient dynamo;
    private final String table;

    public MembersTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Members.DEF);
    }

    public record Member(String conversationId, String userId, String role, long joinSeq, long deliveredSeq,
            long readSeq) {
    }

    public void addIfAbsent(String conversationId, String userId, String role, long joinSeq, long now) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(Members.CONVERSATION_ID, s(conversationId), Members.USER_ID, s(userId),
                            Members.ROLE, s(role), Members.JOIN_SEQ, n(joinSeq), Members.DELIVERED_SEQ, n(joinSeq),
                            Members.READ_SEQ, n(joinSeq), Members.JOINED_AT, n(now)))
                    .conditionExpression("attribute_not_exists(#u)")
                    .expressionAttributeNames(Map.of("#u", Members.USER_ID)));
        } catch (ConditionalCheckFailedException alreadyMember) {
            // Idempotent: the member is there.
        }
    }

    public Optional<Member> find(String conversationId, String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(conversationId, userId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
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
                return new Member(m.conversationId(), m.userId(), m.role(), m.joinSeq(), newDelivered, newRead);
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
        return new Member(str(item, Members.CONVERSATION_ID), str(item, Members.USER_ID), str(item, Members.ROLE),
                num(item, Members.JOIN_SEQ), num(item, Members.DELIVERED_SEQ), num(item, Members.READ_SEQ));
    }
}
