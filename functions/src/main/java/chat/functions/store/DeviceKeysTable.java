package chat.functions.store;

import static chat.functions.store.Attr.b;
import static chat.functions.store.Attr.bytes;
import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.schema.Tables.DeviceKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The key directory's per-device record. Every write is conditional on the stored identity (identity key and
 * registration id) being the one written, so a device's identity is set once and never replaced; what a write found
 * instead is answered as a value.
 */
@ApplicationScoped
public class DeviceKeysTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public DeviceKeysTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(DeviceKeys.DEF);
    }

    /** A device's public record; byte arrays are Signal's serialized forms. */
    public record Record(String userId, String deviceId, String suite, byte[] identityKey, int registrationId,
            int signedPreKeyId, byte[] signedPreKey, byte[] signedPreKeySignature) {
    }

    /** What a write found. */
    public enum Outcome {
        STORED,
        /** Another identity key or registration id is stored for the device. */
        IDENTITY_CHANGED,
        /** The signed prekey id is the stored one, with other bytes: a rotation needs a fresh id. */
        SIGNED_PRE_KEY_ID_REUSED,
        /** (Only without a signed prekey) nothing is stored for the device yet. */
        NOT_PUBLISHED
    }

    /**
     * Stores the record, creating it or replacing its signed prekey. Sending the stored signed prekey again (a retried
     * upload) is allowed.
     */
    public Outcome put(Record r, long now) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(DeviceKeys.USER_ID, s(r.userId()), DeviceKeys.DEVICE_ID, s(r.deviceId()),
                            DeviceKeys.SUITE, s(r.suite()), DeviceKeys.IDENTITY_KEY, b(r.identityKey()),
                            DeviceKeys.REGISTRATION_ID, n(r.registrationId()),
                            DeviceKeys.SIGNED_PRE_KEY_ID, n(r.signedPreKeyId()),
                            DeviceKeys.SIGNED_PRE_KEY, b(r.signedPreKey()),
                            DeviceKeys.SIGNED_PRE_KEY_SIGNATURE, b(r.signedPreKeySignature()),
                            DeviceKeys.UPDATED_AT, n(now)))
                    .conditionExpression("attribute_not_exists(#d) OR (#ik = :ik AND #rid = :rid"
                            + " AND (#sid <> :sid OR #spk = :spk))")
                    .expressionAttributeNames(Map.of("#d", DeviceKeys.DEVICE_ID, "#ik", DeviceKeys.IDENTITY_KEY,
                            "#rid", DeviceKeys.REGISTRATION_ID, "#sid", DeviceKeys.SIGNED_PRE_KEY_ID,
                            "#spk", DeviceKeys.SIGNED_PRE_KEY))
                    .expressionAttributeValues(Map.of(":ik", b(r.identityKey()), ":rid", n(r.registrationId()),
                            ":sid", n(r.signedPreKeyId()), ":spk", b(r.signedPreKey()))));
            return Outcome.STORED;
        } catch (ConditionalCheckFailedException refused) {
            return why(r.userId(), r.deviceId(), r.identityKey(), r.registrationId());
        }
    }

    /** An upload without a signed prekey: only checks that this identity is the stored one. */
    public Outcome confirmIdentity(String userId, String deviceId, byte[] identityKey, int registrationId, long now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, deviceId))
                    .updateExpression("SET #at = :now")
                    .conditionExpression("#ik = :ik AND #rid = :rid")
                    .expressionAttributeNames(Map.of("#at", DeviceKeys.UPDATED_AT, "#ik", DeviceKeys.IDENTITY_KEY,
                            "#rid", DeviceKeys.REGISTRATION_ID))
                    .expressionAttributeValues(Map.of(":now", n(now), ":ik", b(identityKey),
                            ":rid", n(registrationId))));
            return Outcome.STORED;
        } catch (ConditionalCheckFailedException refused) {
            return why(userId, deviceId, identityKey, registrationId);
        }
    }

    private Outcome why(String userId, String deviceId, byte[] identityKey, int registrationId) {
        Optional<Record> stored = get(userId, deviceId);
        if (stored.isEmpty()) {
            return Outcome.NOT_PUBLISHED;
        }
        Record s = stored.get();
        return java.util.Arrays.equals(s.identityKey(), identityKey) && s.registrationId() == registrationId
                ? Outcome.SIGNED_PRE_KEY_ID_REUSED : Outcome.IDENTITY_CHANGED;
    }

    /** Strongly consistent. */
    public Optional<Record> get(String userId, String deviceId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(userId, deviceId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(record(item));
    }

    /** Every record of the user (strongly consistent); at most one per device, and a user has few. */
    public List<Record> ofUser(String userId) {
        List<Record> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", DeviceKeys.USER_ID))
                    .expressionAttributeValues(Map.of(":u", s(userId))).exclusiveStartKey(from));
            r.items().forEach(item -> out.add(record(item)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /** Idempotent. */
    public void delete(String userId, String deviceId) {
        dynamo.deleteItem(b -> b.tableName(table).key(key(userId, deviceId)));
    }

    private static Record record(Map<String, AttributeValue> item) {
        return new Record(str(item, DeviceKeys.USER_ID), str(item, DeviceKeys.DEVICE_ID), str(item, DeviceKeys.SUITE),
                bytes(item, DeviceKeys.IDENTITY_KEY), (int) num(item, DeviceKeys.REGISTRATION_ID),
                (int) num(item, DeviceKeys.SIGNED_PRE_KEY_ID), bytes(item, DeviceKeys.SIGNED_PRE_KEY),
                bytes(item, DeviceKeys.SIGNED_PRE_KEY_SIGNATURE));
    }

    private static Map<String, AttributeValue> key(String userId, String deviceId) {
        return Map.of(DeviceKeys.USER_ID, s(userId), DeviceKeys.DEVICE_ID, s(deviceId));
    }
}
