package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;

import chat.model.schema.Tables.SendClaims;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The send-claims table: one item per (conversation, device, clientMsgId), written before the message is stored.
 * A resend that finds the claim looks for the stored message instead of storing a second one.
 */
@ApplicationScoped
public class SendClaimsTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public SendClaimsTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(SendClaims.DEF);
    }

    /** The outcome of claiming: either ours now, or someone's earlier claim. */
    public sealed interface Claim {
    }

    public record Claimed() implements Claim {
    }

    /** An earlier claim: its message, if stored, has a seq above {@code claimHead}. */
    public record Existing(long claimHead, long claimedAt, long expiresAt) implements Claim {
    }

    public static String key(String conversationId, String deviceId, String clientMsgId) {
        return conversationId + "|" + deviceId + "|" + clientMsgId;
    }

    public Claim claim(String key, long claimHead, long now, long expiresAtEpochSeconds) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(SendClaims.CLAIM_KEY, s(key), SendClaims.CLAIM_HEAD, n(claimHead),
                            SendClaims.CLAIMED_AT, n(now), SendClaims.EXPIRES_AT, n(expiresAtEpochSeconds)))
                    // An expired claim (past the de-duplication window) may be replaced: TTL is not guaranteed.
                    .conditionExpression("attribute_not_exists(#k) OR #e < :nowSeconds")
                    .expressionAttributeNames(Map.of("#k", SendClaims.CLAIM_KEY, "#e", SendClaims.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":nowSeconds", n(now / 1000))));
            return new Claimed();
        } catch (ConditionalCheckFailedException taken) {
            return find(key).<Claim>map(e -> e).orElseGet(() -> claim(key, claimHead, now, expiresAtEpochSeconds));
        }
    }

    public Optional<Existing> find(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(SendClaims.CLAIM_KEY, s(key)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Existing(num(item, SendClaims.CLAIM_HEAD), num(item, SendClaims.CLAIMED_AT),
                num(item, SendClaims.EXPIRES_AT)));
    }

    /** Takes over an abandoned claim; false if another resend took it over first. */
    public boolean takeOver(String key, long seenClaimedAt, long now) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(SendClaims.CLAIM_KEY, s(key)))
                    .updateExpression("SET #t = :now")
                    .conditionExpression("#t = :seen")
                    .expressionAttributeNames(Map.of("#t", SendClaims.CLAIMED_AT))
                    .expressionAttributeValues(Map.of(":now", n(now), ":seen", n(seenClaimedAt))));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }
}
