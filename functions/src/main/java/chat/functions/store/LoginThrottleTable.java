package chat.functions.store;

import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;

import chat.model.schema.Tables.LoginThrottle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Counted password checks per key and window, shared by every functions instance (a per-instance count would let an
 * attacker spread guesses over instances, and a Lambda's memory may last one invocation). Only conditional writes:
 * a check is taken before the password is hashed, so concurrent guesses cannot all pass a read-then-write.
 */
@ApplicationScoped
public class LoginThrottleTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public LoginThrottleTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(LoginThrottle.DEF);
    }

    /**
     * Takes one check of {@code key}'s window of {@code windowMillis}, at most {@code limit} per window. Answers the
     * start of the window the check was counted in, or empty when the window is full.
     */
    public Taken take(String key, int limit, long windowMillis, long now) {
        long cutoff = now - windowMillis;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Map<String, AttributeValue> after = dynamo.updateItem(b -> b.tableName(table).key(key(key))
                        .updateExpression("ADD #a :one")
                        .conditionExpression("#w > :cutoff AND #a < :limit")
                        .expressionAttributeNames(Map.of("#a", LoginThrottle.ATTEMPTS, "#w",
                                LoginThrottle.WINDOW_START))
                        .expressionAttributeValues(Map.of(":one", n(1), ":cutoff", n(cutoff), ":limit", n(limit)))
                        .returnValues(ReturnValue.ALL_NEW)).attributes();
                return new Taken(OptionalLong.of(num(after, LoginThrottle.WINDOW_START)), 0);
            } catch (ConditionalCheckFailedException fullOrNoWindow) {
                Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(key))
                        .consistentRead(true)).item();
                long start = item == null || item.isEmpty() ? 0 : num(item, LoginThrottle.WINDOW_START);
                if (start > cutoff) {
                    if (num(item, LoginThrottle.ATTEMPTS) >= limit) {
                        return new Taken(OptionalLong.empty(), start + windowMillis - now);
                    }
                    continue; // a check was given back meanwhile
                }
                if (startWindow(key, cutoff, now, windowMillis)) {
                    return new Taken(OptionalLong.of(now), 0);
                }
                // Another check started a window first: count in it.
            }
        }
        throw new IllegalStateException("login throttle of " + key + " changed under three attempts");
    }

    /** Gives back a check of the window that began at {@code windowStart} (a no-op once that window is over). */
    public void giveBack(String key, long windowStart) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(key))
                    .updateExpression("ADD #a :minus").conditionExpression("#w = :w AND #a > :zero")
                    .expressionAttributeNames(Map.of("#a", LoginThrottle.ATTEMPTS, "#w", LoginThrottle.WINDOW_START))
                    .expressionAttributeValues(Map.of(":minus", n(-1), ":w", n(windowStart), ":zero", n(0))));
        } catch (ConditionalCheckFailedException windowOver) {
            // A newer window counts from zero anyway.
        }
    }

    private boolean startWindow(String key, long cutoff, long now, long windowMillis) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(LoginThrottle.THROTTLE_KEY, s(key), LoginThrottle.WINDOW_START, n(now),
                            LoginThrottle.ATTEMPTS, n(1), LoginThrottle.TTL, n((now + windowMillis) / 1000 + 60)))
                    .conditionExpression("attribute_not_exists(#k) OR #w <= :cutoff")
                    .expressionAttributeNames(Map.of("#k", LoginThrottle.THROTTLE_KEY, "#w",
                            LoginThrottle.WINDOW_START))
                    .expressionAttributeValues(Map.of(":cutoff", n(cutoff))));
            return true;
        } catch (ConditionalCheckFailedException raced) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of(LoginThrottle.THROTTLE_KEY, s(key));
    }

    /**
     * A check taken: {@code windowStart} (to give it back), or empty when refused, with the wait until its window
     * ends.
     */
    public record Taken(OptionalLong windowStart, long retryAfterMillis) {
        public boolean refused() {
            return windowStart.isEmpty();
        }
    }
}
