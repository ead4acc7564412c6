package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.Limits;
import chat.model.frames.LastSeenPrivacy;
import chat.model.schema.Tables.Users;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The users table: one item per account. */
@ApplicationScoped
public class UsersTable {
    private final DynamoDbClient dynamo;
    private final BatchGets batchGets;
    private final String table;

    public UsersTable(DynamoDbClient dynamo, TableNames names, BatchGets batchGets) {
        this.dynamo = dynamo;
        this.batchGets = batchGets;
        this.table = names.of(Users.DEF);
    }

    /** An account; {@code deletedAt} is 0 unless its deletion has begun. */
    public record User(String userId, String handle, String displayName, String passwordHash, long deviceCount,
            long deletedAt) {
        /** A new account. */
        public User(String userId, String handle, String displayName, String passwordHash, long deviceCount) {
            this(userId, handle, displayName, passwordHash, deviceCount, 0);
        }

        public boolean deleting() {
            return deletedAt != 0;
        }
    }

    public void create(User user, long now) {
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(Users.USER_ID, s(user.userId()), Users.HANDLE, s(user.handle()),
                        Users.DISPLAY_NAME, s(user.displayName()), Users.PASSWORD_HASH, s(user.passwordHash()),
                        Users.DEVICE_COUNT, n(0), Users.CREATED_AT, n(now)))
                .conditionExpression("attribute_not_exists(#u)")
                .expressionAttributeNames(Map.of("#u", Users.USER_ID)));
    }

    public Optional<User> find(String userId) {
        return find(userId, false);
    }

    /** Strongly consistent when {@code consistent}: a password changed or a deletion begun a moment ago is seen. */
    public Optional<User> find(String userId, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(consistent)
                .key(Map.of(Users.USER_ID, s(userId)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new User(str(item, Users.USER_ID), str(item, Users.HANDLE),
                str(item, Users.DISPLAY_NAME), str(item, Users.PASSWORD_HASH), num(item, Users.DEVICE_COUNT),
                num(item, Users.DELETED_AT)));
    }

    /** Replaces the password hash if it is still {@code old}; false when it changed or the account is being deleted. */
    public boolean replacePasswordHash(String userId, String old, String hash) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Users.USER_ID, s(userId)))
                    .updateExpression("SET #p = :p")
                    .conditionExpression("#p = :old AND attribute_not_exists(#d)")
                    .expressionAttributeNames(Map.of("#p", Users.PASSWORD_HASH, "#d", Users.DELETED_AT))
                    .expressionAttributeValues(Map.of(":p", s(hash), ":old", s(old))));
            return true;
        } catch (ConditionalCheckFailedException goneOrDeleting) {
            return false;
        }
    }

    /** Marks the account's deletion as begun (kept from the first attempt on: a repeat leaves it). */
    public void markDeleting(String userId, long now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Users.USER_ID, s(userId)))
                    .updateExpression("SET #d = :now")
                    .conditionExpression("attribute_exists(#u) AND attribute_not_exists(#d)")
                    .expressionAttributeNames(Map.of("#u", Users.USER_ID, "#d", Users.DELETED_AT))
                    .expressionAttributeValues(Map.of(":now", n(now))));
        } catch (ConditionalCheckFailedException alreadyMarked) {
            // A repeat of the deletion.
        }
    }

    public void delete(String userId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of(Users.USER_ID, s(userId))));
    }

    /** Gives back a device slot of a removed device. */
    public void releaseDeviceSlot(String userId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Users.USER_ID, s(userId)))
                    .updateExpression("SET #c = #c - :one").conditionExpression("#c > :zero")
                    .expressionAttributeNames(Map.of("#c", Users.DEVICE_COUNT))
                    .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0))));
        } catch (ConditionalCheckFailedException noneTaken) {
            // Already zero (or the user is gone).
        }
    }

    /**
     * Sets the device count to the number of devices really stored, when it still reads {@code seen}: repairs the
     * slot a removal leaked when it died between deleting the device and giving its slot back.
     */
    public void correctDeviceCount(String userId, long seen, long actual) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Users.USER_ID, s(userId)))
                    .updateExpression("SET #c = :actual").conditionExpression("#c = :seen")
                    .expressionAttributeNames(Map.of("#c", Users.DEVICE_COUNT))
                    .expressionAttributeValues(Map.of(":actual", n(actual), ":seen", n(seen))));
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            // Another device was added or removed meanwhile; the next full reservation looks again.
        }
    }

    public boolean exists(String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(Users.USER_ID, s(userId))).projectionExpression("#u")
                .expressionAttributeNames(Map.of("#u", Users.USER_ID))).item();
        return item != null && !item.isEmpty();
    }

    /** Which of these user ids exist. */
    public Set<String> existing(Collection<String> userIds) {
        Set<String> out = new HashSet<>();
        batchGets.items(dynamo, table, Users.USER_ID, userIds, b -> b.projectionExpression("#u")
                .expressionAttributeNames(Map.of("#u", Users.USER_ID)))
                .forEach(item -> out.add(str(item, Users.USER_ID)));
        return out;
    }

    /** A user as others see them: what a lookup by id answers. */
    public record Profile(String userId, String handle, String displayName) {
    }

    /**
     * The public profile of each of these users that exists and is not being deleted, in one BatchGetItem per 100
     * ids; unknown ids are absent. Eventually consistent: names change rarely and a lookup may lag a moment.
     */
    public Map<String, Profile> profiles(Collection<String> userIds) {
        Map<String, Profile> out = new HashMap<>();
        batchGets.items(dynamo, table, Users.USER_ID, userIds, b -> b.projectionExpression("#u, #h, #n, #d")
                .expressionAttributeNames(Map.of("#u", Users.USER_ID, "#h", Users.HANDLE, "#n", Users.DISPLAY_NAME,
                        "#d", Users.DELETED_AT)))
                .forEach(item -> {
                    if (num(item, Users.DELETED_AT) == 0) {
                        String id = str(item, Users.USER_ID);
                        out.put(id, new Profile(id, str(item, Users.HANDLE), str(item, Users.DISPLAY_NAME)));
                    }
                });
        return out;
    }

    /** What presence reads need of a user: privacy (never null) and last seen (0 if never). */
    public record PresenceInfo(String userId, LastSeenPrivacy privacy, long lastSeen) {
    }

    public void setPrivacy(String userId, LastSeenPrivacy privacy) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(Users.USER_ID, s(userId)))
                .updateExpression("SET #p = :p").conditionExpression("attribute_exists(#u)")
                .expressionAttributeNames(Map.of("#p", Users.LAST_SEEN_PRIVACY, "#u", Users.USER_ID))
                .expressionAttributeValues(Map.of(":p", s(privacy.wire()))));
    }

    /** Moves last seen forward to {@code at}; an older time (a late reaper) changes nothing. */
    public void recordLastSeen(String userId, long at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Users.USER_ID, s(userId)))
                    .updateExpression("SET #l = :t")
                    .conditionExpression("attribute_exists(#u) AND (attribute_not_exists(#l) OR #l < :t)")
                    .expressionAttributeNames(Map.of("#l", Users.LAST_SEEN, "#u", Users.USER_ID))
                    .expressionAttributeValues(Map.of(":t", n(at))));
        } catch (ConditionalCheckFailedException newerOrGone) {
            // A later disconnect is recorded already.
        }
    }

    /** Privacy and last seen of each existing user. */
    public Map<String, PresenceInfo> presenceInfo(Collection<String> userIds) {
        Map<String, PresenceInfo> out = new HashMap<>();
        batchGets.items(dynamo, table, Users.USER_ID, userIds, b -> b.consistentRead(true)
                .projectionExpression("#u, #l, #p")
                .expressionAttributeNames(Map.of("#u", Users.USER_ID, "#l", Users.LAST_SEEN,
                        "#p", Users.LAST_SEEN_PRIVACY)))
                .forEach(item -> {
                    LastSeenPrivacy p = LastSeenPrivacy.fromWire(str(item, Users.LAST_SEEN_PRIVACY));
                    String id = str(item, Users.USER_ID);
                    out.put(id, new PresenceInfo(id, p == null ? LastSeenPrivacy.EVERYONE : p,
                            num(item, Users.LAST_SEEN)));
                });
        return out;
    }

    /** Takes one of the user's device slots; false when all are taken or the account is being deleted. */
    public boolean reserveDeviceSlot(String userId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(Users.USER_ID, s(userId)))
                    .updateExpression("SET #c = #c + :one")
                    .conditionExpression("attribute_exists(#u) AND attribute_not_exists(#d) AND #c < :max")
                    .expressionAttributeNames(Map.of("#c", Users.DEVICE_COUNT, "#u", Users.USER_ID,
                            "#d", Users.DELETED_AT))
                    .expressionAttributeValues(Map.of(":one", n(1), ":max", n(Limits.MAX_DEVICES_PER_USER))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
