package chat.functions.store;

import static chat.functions.store.Attr.b;
import static chat.functions.store.Attr.bytes;
import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.frames.EnvelopeKind;
import chat.model.frames.EnvelopeSuite;
import chat.model.schema.Tables.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The inbox table: per recipient device ({@link Inbox#key}) a head record at seq 0 and the envelopes from seq 1 on.
 * Envelopes are put at the head + 1 with a conditional put and the head moved after (see {@link Inbox}).
 */
@ApplicationScoped
public class InboxTable {
    private static final long HEAD_SEQ = 0;
    private final DynamoDbClient dynamo;
    private final String table;

    public InboxTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Inbox.DEF);
    }

    /** The head record: highest seq stored (as far as the head was moved) and the cumulative ack. */
    public record Head(long head, long acked) {
        public long pending() {
            return Math.max(0, head - acked);
        }
    }

    /** Strongly consistent. */
    public Head head(String inboxKey) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(inboxKey, HEAD_SEQ))).item();
        return item == null || item.isEmpty() ? new Head(0, 0)
                : new Head(num(item, Inbox.HEAD), num(item, Inbox.ACKED));
    }

    /** The highest seq holding an envelope, 0 if none does. */
    public long topSeq(String inboxKey) {
        QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#k = :k AND #s > :z")
                .expressionAttributeNames(Map.of("#k", Inbox.INBOX_KEY, "#s", Inbox.SEQ))
                .expressionAttributeValues(Map.of(":k", s(inboxKey), ":z", n(HEAD_SEQ)))
                .projectionExpression("#s").scanIndexForward(false).limit(1));
        return r.items().isEmpty() ? 0 : num(r.items().get(0), Inbox.SEQ);
    }

    /**
     * Stores the envelope at its seq; false if another envelope holds that seq. A seq taken by this very envelope
     * (same sending device and envelopeId: the SDK retried a put whose answer it lost) counts as done.
     */
    public boolean tryPut(String inboxKey, StoredEnvelope e, long ttlEpochSeconds) {
        Map<String, AttributeValue> item = Map.of(Inbox.INBOX_KEY, s(inboxKey), Inbox.SEQ, n(e.seq()),
                Inbox.SENDER_USER_ID, s(e.senderUserId()), Inbox.SENDER_DEVICE_ID, s(e.senderDeviceId()),
                Inbox.ENVELOPE_ID, s(e.envelopeId()), Inbox.SUITE, s(e.suite().wire()), Inbox.KIND,
                s(e.kind().wire()), Inbox.BODY, b(e.body()), Inbox.STORED_AT, n(e.storedAt()),
                Inbox.TTL, n(ttlEpochSeconds));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#s)")
                    .expressionAttributeNames(Map.of("#s", Inbox.SEQ)));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return get(inboxKey, e.seq()).filter(there -> Objects.equals(there.senderDeviceId(), e.senderDeviceId())
                    && Objects.equals(there.envelopeId(), e.envelopeId())).isPresent();
        }
    }

    /** Moves the head up to {@code seq}; never down. */
    public void advanceHead(String inboxKey, long seq) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(inboxKey, HEAD_SEQ))
                    .updateExpression("SET #h = :s")
                    .conditionExpression("attribute_not_exists(#h) OR #h < :s")
                    .expressionAttributeNames(Map.of("#h", Inbox.HEAD))
                    .expressionAttributeValues(Map.of(":s", n(seq))));
        } catch (ConditionalCheckFailedException alreadyThere) {
            // Another envelope moved it further: nothing to do.
        }
    }

    /** Records the cumulative ack (never moves it back); the head record exists, since the ack is at or below it. */
    public void advanceAcked(String inboxKey, long upTo) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(inboxKey, HEAD_SEQ))
                    .updateExpression("SET #a = :u")
                    .conditionExpression("attribute_not_exists(#a) OR #a < :u")
                    .expressionAttributeNames(Map.of("#a", Inbox.ACKED))
                    .expressionAttributeValues(Map.of(":u", n(upTo))));
        } catch (ConditionalCheckFailedException alreadyThere) {
            // An equal or later ack got there first.
        }
    }

    public Optional<StoredEnvelope> get(String inboxKey, long seq) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(inboxKey, seq))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    /** Up to {@code limit} envelopes with {@code afterSeq < seq <= upTo}, ascending. */
    public List<StoredEnvelope> range(String inboxKey, long afterSeq, long upTo, int limit) {
        if (upTo <= afterSeq) {
            return List.of();
        }
        QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#k = :k AND #s BETWEEN :lo AND :hi")
                .expressionAttributeNames(Map.of("#k", Inbox.INBOX_KEY, "#s", Inbox.SEQ))
                .expressionAttributeValues(Map.of(":k", s(inboxKey), ":lo", n(afterSeq + 1), ":hi", n(upTo)))
                .limit(limit));
        return r.items().stream().map(InboxTable::read).toList();
    }

    /**
     * The seq of the envelope a device stored under {@code envelopeId} above {@code afterSeq}, if it is still there.
     * Only for a resend that meets an unfinished claim; the inbox is bounded, so reading its tail is.
     */
    public Optional<Long> findByEnvelopeId(String inboxKey, String senderDeviceId, String envelopeId, long afterSeq) {
        QueryRequest next = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#k = :k AND #s > :s")
                .filterExpression("#d = :d AND #e = :e")
                .expressionAttributeNames(Map.of("#k", Inbox.INBOX_KEY, "#s", Inbox.SEQ,
                        "#d", Inbox.SENDER_DEVICE_ID, "#e", Inbox.ENVELOPE_ID))
                .expressionAttributeValues(Map.of(":k", s(inboxKey), ":s", n(afterSeq),
                        ":d", s(senderDeviceId), ":e", s(envelopeId)))
                .projectionExpression("#s")
                .build();
        while (next != null) {
            QueryResponse page = dynamo.query(next);
            if (!page.items().isEmpty()) {
                return Optional.of(num(page.items().get(0), Inbox.SEQ));
            }
            next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? next.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build() : null;
        }
        return Optional.empty();
    }

    /** Deletes the envelopes with {@code fromSeq <= seq <= toSeq}; the head record stays. Returns how many. */
    public int deleteRange(String inboxKey, long fromSeq, long toSeq) {
        return deleteWhere(inboxKey, Math.max(1, fromSeq), toSeq);
    }

    /** Deletes the whole inbox, head record included (the device is gone). */
    public int deleteInbox(String inboxKey) {
        return deleteWhere(inboxKey, HEAD_SEQ, Long.MAX_VALUE);
    }

    public void delete(String inboxKey, List<Long> seqs) {
        BatchWrites.deleteAll(dynamo, table, seqs.stream().map(seq -> key(inboxKey, seq)).toList());
    }

    private int deleteWhere(String inboxKey, long lo, long hi) {
        if (hi < lo) {
            return 0;
        }
        QueryRequest next = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#k = :k AND #s BETWEEN :lo AND :hi")
                .expressionAttributeNames(Map.of("#k", Inbox.INBOX_KEY, "#s", Inbox.SEQ))
                .expressionAttributeValues(Map.of(":k", s(inboxKey), ":lo", n(lo), ":hi", n(hi)))
                .projectionExpression("#k, #s")
                .build();
        return BatchWrites.deleteQueried(dynamo, table, next);
    }

    private static Map<String, AttributeValue> key(String inboxKey, long seq) {
        return Map.of(Inbox.INBOX_KEY, s(inboxKey), Inbox.SEQ, n(seq));
    }

    private static StoredEnvelope read(Map<String, AttributeValue> item) {
        return new StoredEnvelope(num(item, Inbox.SEQ), str(item, Inbox.SENDER_USER_ID),
                str(item, Inbox.SENDER_DEVICE_ID), str(item, Inbox.ENVELOPE_ID),
                EnvelopeSuite.fromWire(str(item, Inbox.SUITE)), EnvelopeKind.fromWire(str(item, Inbox.KIND)),
                bytes(item, Inbox.BODY), num(item, Inbox.STORED_AT));
    }
}
