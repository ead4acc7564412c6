package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.frames.PushKind;
import chat.model.schema.Tables.PushTargets;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The push-targets table: per user, a map from device id to that device's push target. */
@ApplicationScoped
public class PushTargetsTable {
    private final DynamoDbClient dynamo;
    private final BatchGets batchGets;
    private final String table;

    public PushTargetsTable(DynamoDbClient dynamo, TableNames names, BatchGets batchGets) {
        this.dynamo = dynamo;
        this.batchGets = batchGets;
        this.table = names.of(PushTargets.DEF);
    }

    /** A device's push target: endpoint + keys for Web Push, a token for FCM and APNs. */
    public record Target(String userId, String deviceId, PushKind kind, String endpoint, String p256dh, String auth,
            String token, long registeredAt) {
        /** What names the target at its push service; a removal only applies if this is unchanged. */
        public String address() {
            return kind == PushKind.WEBPUSH ? endpoint : token;
        }
    }

    public void put(Target t) {
        Map<String, AttributeValue> entry = new HashMap<>();
        entry.put(PushTargets.KIND, s(t.kind().wire()));
        entry.put(PushTargets.REGISTERED_AT, n(t.registeredAt()));
        if (t.kind() == PushKind.WEBPUSH) {
            entry.put(PushTargets.ENDPOINT, s(t.endpoint()));
            entry.put(PushTargets.P256DH, s(t.p256dh()));
            entry.put(PushTargets.AUTH, s(t.auth()));
        } else {
            entry.put(PushTargets.TOKEN, s(t.token()));
        }
        AttributeValue value = AttributeValue.fromM(entry);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                dynamo.updateItem(b -> b.tableName(table).key(Map.of(PushTargets.USER_ID, s(t.userId())))
                        .updateExpression("SET #m.#d = :e").conditionExpression("attribute_exists(#m)")
                        .expressionAttributeNames(Map.of("#m", PushTargets.TARGETS, "#d", t.deviceId()))
                        .expressionAttributeValues(Map.of(":e", value)));
                return;
            } catch (ConditionalCheckFailedException noMapYet) {
                try {
                    dynamo.putItem(b -> b.tableName(table).item(Map.of(PushTargets.USER_ID, s(t.userId()),
                                    PushTargets.TARGETS, AttributeValue.fromM(Map.of(t.deviceId(), value))))
                            .conditionExpression("attribute_not_exists(#u)")
                            .expressionAttributeNames(Map.of("#u", PushTargets.USER_ID)));
                    return;
                } catch (ConditionalCheckFailedException raced) {
                    // Another device created the item first; set our entry inside it.
                }
            }
        }
        throw new IllegalStateException("could not register push target of " + t.userId());
    }

    /** Every registered target of each user; users without any are absent. */
    public Map<String, List<Target>> ofUsers(Collection<String> userIds) {
        Map<String, List<Target>> out = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGets.items(dynamo, table, PushTargets.USER_ID, userIds,
                b -> { })) {
            String userId = str(item, PushTargets.USER_ID);
            AttributeValue targets = item.get(PushTargets.TARGETS);
            if (targets == null || !targets.hasM() || targets.m().isEmpty()) {
                continue;
            }
            List<Target> list = new ArrayList<>();
            targets.m().forEach((deviceId, e) -> list.add(read(userId, deviceId, e.m())));
            out.put(userId, list);
        }
        return out;
    }

    /** Removes a target the push service reported gone, unless the device registered a new one meanwhile. */
    public boolean removeIfUnchanged(Target t) {
        String field = t.kind() == PushKind.WEBPUSH ? PushTargets.ENDPOINT : PushTargets.TOKEN;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(PushTargets.USER_ID, s(t.userId())))
                    .updateExpression("REMOVE #m.#d").conditionExpression("#m.#d.#f = :a")
                    .expressionAttributeNames(Map.of("#m", PushTargets.TARGETS, "#d", t.deviceId(), "#f", field))
                    .expressionAttributeValues(Map.of(":a", s(t.address()))));
            return true;
        } catch (ConditionalCheckFailedException replaced) {
            return false;
        }
    }

    /** Forgets the device's target (it was removed). */
    public void removeDevice(String userId, String deviceId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(PushTargets.USER_ID, s(userId)))
                    .updateExpression("REMOVE #m.#d").conditionExpression("attribute_exists(#m)")
                    .expressionAttributeNames(Map.of("#m", PushTargets.TARGETS, "#d", deviceId)));
        } catch (ConditionalCheckFailedException noTargets) {
            // The user never registered one.
        }
    }

    /** Forgets every target of the user (the account is deleted). */
    public void removeUser(String userId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of(PushTargets.USER_ID, s(userId))));
    }

    private static Target read(String userId, String deviceId, Map<String, AttributeValue> e) {
        return new Target(userId, deviceId, PushKind.fromWire(str(e, PushTargets.KIND)), str(e, PushTargets.ENDPOINT),
                str(e, PushTargets.P256DH), str(e, PushTargets.AUTH), str(e, PushTargets.TOKEN),
                num(e, PushTargets.REGISTERED_AT));
    }
}
