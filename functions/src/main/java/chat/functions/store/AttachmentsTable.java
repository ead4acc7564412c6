package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.Attachments;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Attachment slots. A state change is a conditional write from the state the caller saw, so two completes (or a
 * complete racing the sweeper) never both win: the loser gets {@code false}.
 */
@ApplicationScoped
public class AttachmentsTable {
    /** A record stays this long after it stopped being served, so a late download is told "expired". */
    private static final long RECORD_LINGER_SECONDS = 90L * 24 * 3600;
    private final DynamoDbClient dynamo;
    private final String table;

    public AttachmentsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Attachments.DEF);
    }

    public enum State { UPLOADING, COMPLETE, EXPIRED }

    /** One slot; {@code uploadId} is null once the upload is complete. */
    public record Attachment(String attachmentId, String ownerId, String conversationId, long size, State state,
            String uploadId, long createdAt, long expiresAt) {
    }

    /** Stores a new slot; ids are random, so a clash is a bug, not a race. */
    public void create(Attachment a) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(Attachments.ATTACHMENT_ID, s(a.attachmentId()),
                Attachments.OWNER_ID, s(a.ownerId()), Attachments.CONVERSATION_ID, s(a.conversationId()),
                Attachments.SIZE, n(a.size()), Attachments.STATE, s(a.state().name()),
                Attachments.CREATED_AT, n(a.createdAt()), Attachments.EXPIRES_AT, n(a.expiresAt()),
                Attachments.TTL, n(ttl(a.expiresAt()))));
        item.put(Attachments.UPLOAD_ID, s(a.uploadId()));
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", Attachments.ATTACHMENT_ID)));
    }

    public Optional<Attachment> get(String attachmentId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(attachmentId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    /** UPLOADING → COMPLETE, served until {@code expiresAt}; false when it was not UPLOADING any more. */
    public boolean complete(String attachmentId, long expiresAt) {
        return transition(attachmentId, State.UPLOADING, State.COMPLETE, expiresAt);
    }

    /** COMPLETE → EXPIRED once its blob is removed; false when it was not COMPLETE. */
    public boolean expire(String attachmentId, long expiresAt) {
        return transition(attachmentId, State.COMPLETE, State.EXPIRED, expiresAt);
    }

    private boolean transition(String attachmentId, State from, State to, long expiresAt) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(attachmentId))
                    .updateExpression("SET #st = :to, #exp = :exp, #ttl = :ttl REMOVE #up")
                    .conditionExpression("#st = :from")
                    .expressionAttributeNames(Map.of("#st", Attachments.STATE, "#exp", Attachments.EXPIRES_AT,
                            "#ttl", Attachments.TTL, "#up", Attachments.UPLOAD_ID))
                    .expressionAttributeValues(Map.of(":to", s(to.name()), ":from", s(from.name()),
                            ":exp", n(expiresAt), ":ttl", n(ttl(expiresAt)))));
            return true;
        } catch (ConditionalCheckFailedException notInThatState) {
            return false;
        }
    }

    /** Removes a slot that never completed, if it is still UPLOADING. */
    public boolean deleteUploading(String attachmentId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(attachmentId)).conditionExpression("#st = :up")
                    .expressionAttributeNames(Map.of("#st", Attachments.STATE))
                    .expressionAttributeValues(Map.of(":up", s(State.UPLOADING.name()))));
            return true;
        } catch (ConditionalCheckFailedException notUploading) {
            return false;
        }
    }

    /**
     * Slots in {@code state} whose time ran out before {@code now}: the sweeper's work. A scan, which is fine for a
     * background job on the local stack; on AWS lifecycle rules and TTL do this work and the sweeper is off.
     */
    public List<Attachment> overdue(State state, long now, int limit) {
        List<Attachment> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table).exclusiveStartKey(from)
                    .filterExpression("#st = :st AND #exp < :now")
                    .expressionAttributeNames(Map.of("#st", Attachments.STATE, "#exp", Attachments.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":st", s(state.name()), ":now", n(now))));
            page.items().stream().map(AttachmentsTable::read).forEach(found::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && found.size() < limit);
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    private static Map<String, AttributeValue> key(String attachmentId) {
        return Map.of(Attachments.ATTACHMENT_ID, s(attachmentId));
    }

    private static long ttl(long expiresAtMillis) {
        return expiresAtMillis / 1000 + RECORD_LINGER_SECONDS;
    }

    private static Attachment read(Map<String, AttributeValue> item) {
        return new Attachment(str(item, Attachments.ATTACHMENT_ID), str(item, Attachments.OWNER_ID),
                str(item, Attachments.CONVERSATION_ID), num(item, Attachments.SIZE),
                State.valueOf(str(item, Attachments.STATE)),
                str(item, Attachments.UPLOAD_ID),
                num(item, Attachments.CREATED_AT), num(item, Attachments.EXPIRES_AT));
    }
}
