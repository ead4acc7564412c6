package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;

import chat.model.schema.Tables.InboxClaims;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The inbox-claims table: one item per (recipient device, sending device, envelopeId), written before the envelope is
 * stored and given its seq after. A resend that finds a claim with a seq stores nothing.
 */
@ApplicationScoped
public class InboxClaimsTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public InboxClaimsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(InboxClaims.DEF);
    }

    /** An earlier claim: {@code seq} is 0 until its envelope was stored and recorded. */
    public record Existing(long claimedAt, long seq) {
    }

    public static String claimId(String senderDeviceId, String envelopeId) {
        return senderDeviceId + "#" + envelopeId;
    }

    /**
     * Claims the id for a new envelope; empty if claimed now, else the earlier claim. A claim past its TTL (the
     * de-duplication window) may be replaced: TTL deletion is not guaranteed.
     */
    public Optional<Existing> claim(String inboxKey, String claimId, long now, long ttlEpochSeconds) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(InboxClaims.INBOX_KEY, s(inboxKey), InboxClaims.CLAIM_ID, s(claimId),
                            InboxClaims.CLAIMED_AT, n(now), InboxClaims.TTL, n(ttlEpochSeconds)))
                    .conditionExpression("attribute_not_exists(#c) OR #t < :nowSeconds")
                    .expressionAttributeNames(Map.of("#c", InboxClaims.CLAIM_ID, "#t", InboxClaims.TTL))
                    .expressionAttributeValues(Map.of(":nowSeconds", n(now / 1000))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException taken) {
            Optional<Existing> there = find(inboxKey, claimId);
            return there.isPresent() ? there : claim(inboxKey, claimId, now, ttlEpochSeconds);
        }
    }

    public Optional<Existing> find(String inboxKey, String claimId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(inboxKey, claimId))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(new Existing(num(item, InboxClaims.CLAIMED_AT), num(item, InboxClaims.SEQ)));
    }

    /** Takes over an abandoned claim; false if another resend took it over (or finished it) first. */
    public boolean takeOver(String inboxKey, String claimId, long seenClaimedAt, long now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(inboxKey, claimId))
                    .updateExpression("SET #t = :now")
                    .conditionExpression("#t = :seen AND attribute_not_exists(#s)")
                    .expressionAttributeNames(Map.of("#t", InboxClaims.CLAIMED_AT, "#s", InboxClaims.SEQ))
                    .expressionAttributeValues(Map.of(":now", n(now), ":seen", n(seenClaimedAt))));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    /** Records where the claimed envelope was stored. */
    public void stored(String inboxKey, String claimId, long seq) {
        dynamo.updateItem(b -> b.tableName(table).key(key(inboxKey, claimId))
                .updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", InboxClaims.SEQ))
                .expressionAttributeValues(Map.of(":s", n(seq))));
    }

    /** Forgets a claim whose envelope was not stored (refused), so the id may be sent again. */
    public void release(String inboxKey, String claimId) {
        dynamo.deleteItem(b -> b.tableName(table).key(key(inboxKey, claimId)));
    }

    /** Deletes every claim of the device's inbox (the device is gone). */
    public int deleteInbox(String inboxKey) {
        QueryRequest next = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#k = :k")
                .expressionAttributeNames(Map.of("#k", InboxClaims.INBOX_KEY, "#c", InboxClaims.CLAIM_ID))
                .expressionAttributeValues(Map.of(":k", s(inboxKey)))
                .projectionExpression("#k, #c")
                .build();
        return BatchWrites.deleteQueried(dynamo, table, next);
    }

    private static Map<String, AttributeValue> key(String inboxKey, String claimId) {
        return Map.of(InboxClaims.INBOX_KEY, s(inboxKey), InboxClaims.CLAIM_ID, s(claimId));
    }
}
