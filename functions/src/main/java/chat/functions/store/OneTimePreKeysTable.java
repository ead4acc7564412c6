package chat.functions.store;

import static chat.functions.store.Attr.b;
import static chat.functions.store.Attr.bytes;
import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.OneTimePreKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A device's one-time prekeys, one item each. Handing one out is a DeleteItem conditional on the item existing that
 * returns the deleted item: of any number of concurrent fetches that try the same key, DynamoDB lets exactly one
 * delete it, and the others move on to the next key. No transaction is needed.
 */
@ApplicationScoped
public class OneTimePreKeysTable {
    /** Keys read per Query while looking for one to claim; concurrent fetches race over the first few. */
    private static final int CLAIM_PAGE = 16;
    private final DynamoDbClient dynamo;
    private final String table;

    public OneTimePreKeysTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(OneTimePreKeys.DEF);
    }

    /** A stored key. */
    public record PreKey(int keyId, String suite, byte[] publicKey) {
    }

    /** Ids of the keys the device has stored now (strongly consistent). */
    public Set<Integer> storedIds(String userId, String deviceId) {
        Set<Integer> ids = new HashSet<>();
        String device = OneTimePreKeys.deviceKey(userId, deviceId);
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#d = :d").projectionExpression("#k")
                    .expressionAttributeNames(Map.of("#d", OneTimePreKeys.DEVICE_KEY, "#k", OneTimePreKeys.KEY_ID))
                    .expressionAttributeValues(Map.of(":d", s(device))).exclusiveStartKey(from));
            r.items().forEach(item -> ids.add((int) num(item, OneTimePreKeys.KEY_ID)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    /** Stores a key unless one with its id is stored: false then (the failed condition, as a value). */
    public boolean putNew(String userId, String deviceId, PreKey key, long now) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(OneTimePreKeys.DEVICE_KEY, s(OneTimePreKeys.deviceKey(userId, deviceId)),
                            OneTimePreKeys.KEY_ID, n(key.keyId()), OneTimePreKeys.SUITE, s(key.suite()),
                            OneTimePreKeys.PUBLIC_KEY, b(key.publicKey()), OneTimePreKeys.UPLOADED_AT, n(now)))
                    .conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", OneTimePreKeys.KEY_ID)));
            return true;
        } catch (ConditionalCheckFailedException stored) {
            return false;
        }
    }

    /**
     * Hands out the device's lowest-numbered key, deleting it; empty when none is left. A key another fetch deleted
     * first is skipped.
     */
    public Optional<PreKey> claim(String userId, String deviceId) {
        String device = OneTimePreKeys.deviceKey(userId, deviceId);
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true).limit(CLAIM_PAGE)
                    .keyConditionExpression("#d = :d").projectionExpression("#d, #k")
                    .expressionAttributeNames(Map.of("#d", OneTimePreKeys.DEVICE_KEY, "#k", OneTimePreKeys.KEY_ID))
                    .expressionAttributeValues(Map.of(":d", s(device))).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : r.items()) {
                Optional<PreKey> won = take(item);
                if (won.isPresent()) {
                    return won;
                }
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return Optional.empty();
    }

    private Optional<PreKey> take(Map<String, AttributeValue> key) {
        try {
            Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table).key(key)
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", OneTimePreKeys.KEY_ID))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            return Optional.of(new PreKey((int) num(old, OneTimePreKeys.KEY_ID), str(old, OneTimePreKeys.SUITE),
                    bytes(old, OneTimePreKeys.PUBLIC_KEY)));
        } catch (ConditionalCheckFailedException lostTheRace) {
            return Optional.empty();
        }
    }

    /** Deletes one key (idempotent). */
    public void delete(String userId, String deviceId, int keyId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of(
                OneTimePreKeys.DEVICE_KEY, s(OneTimePreKeys.deviceKey(userId, deviceId)),
                OneTimePreKeys.KEY_ID, n(keyId))));
    }

    /** Deletes every key of the device (idempotent). */
    public void deleteAll(String userId, String deviceId) {
        String device = OneTimePreKeys.deviceKey(userId, deviceId);
        List<WriteRequest> deletes = new ArrayList<>();
        for (int id : storedIds(userId, deviceId)) {
            deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(Map.of(
                    OneTimePreKeys.DEVICE_KEY, s(device), OneTimePreKeys.KEY_ID, n(id))).build()).build());
        }
        BatchWrites.writeAll(dynamo, table, deletes);
    }
}
