package chat.functions.store;

import static chat.functions.store.Attr.b;
import static chat.functions.store.Attr.bytes;
import static chat.functions.store.Attr.n;
import static chat.functions.store.Attr.num;
import static chat.functions.store.Attr.s;
import static chat.functions.store.Attr.str;

import chat.model.frames.GroupEvent;
import chat.model.schema.Tables.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 * The messages table, keyed (conversationId, seq). A seq is taken by a conditional put, so no two messages share
 * one; writers only ever try the slot right after the highest stored seq, so no gap can appear.
 */
@ApplicationScoped
public class MessagesTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public MessagesTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.of(Messages.DEF);
    }

    /**
     * Stores the message at its seq; false if another entry holds that seq. When the seq is taken by this very
     * message (same sending device and clientMsgId), the put counts as done: the SDK retries a put whose answer it
     * lost (the engine died mid-request, or answered 500 after storing), and the retry finds the first attempt's item.
     * Telling the two apart costs a read, on a conflict only.
     */
    public boolean tryPut(StoredMessage m) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(Messages.CONVERSATION_ID, s(m.conversationId()),
                Messages.SEQ, n(m.seq()), Messages.SENDER_USER_ID, s(m.senderUserId()),
                Messages.SENDER_DEVICE_ID, s(m.senderDeviceId()), Messages.CLIENT_MSG_ID, s(m.clientMsgId()),
                Messages.SERVER_TIME, n(m.serverTime())));
        if (m.body() != null) {
            item.put(Messages.BODY, b(m.body()));
        } else {
            item.put(Messages.EVENT, s(Json.write(m.event())));
        }
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#s)")
                    .expressionAttributeNames(Map.of("#s", Messages.SEQ)));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> there = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(Messages.CONVERSATION_ID, s(m.conversationId()), Messages.SEQ, n(m.seq())))
                    .projectionExpression("#d, #m")
                    .expressionAttributeNames(Map.of("#d", Messages.SENDER_DEVICE_ID, "#m", Messages.CLIENT_MSG_ID)))
                    .item();
            return there != null && Objects.equals(m.senderDeviceId(), str(there, Messages.SENDER_DEVICE_ID))
                    && Objects.equals(m.clientMsgId(), str(there, Messages.CLIENT_MSG_ID));
        }
    }

    /** The highest stored seq, 0 for an empty conversation. */
    public long head(String conversationId) {
        QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#c = :c")
                .expressionAttributeNames(Map.of("#c", Messages.CONVERSATION_ID, "#s", Messages.SEQ))
                .expressionAttributeValues(Map.of(":c", s(conversationId)))
                .projectionExpression("#s")
                .scanIndexForward(false).limit(1));
        return r.items().isEmpty() ? 0 : num(r.items().get(0), Messages.SEQ);
    }

    public boolean exists(String conversationId, long seq) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Messages.CONVERSATION_ID, s(conversationId), Messages.SEQ, n(seq)))
                .projectionExpression("#s").expressionAttributeNames(Map.of("#s", Messages.SEQ))).item();
        return item != null && !item.isEmpty();
    }

    /** Who wrote the entry at {@code seq}; empty if there is none. */
    public Optional<String> author(String conversationId, long seq) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Messages.CONVERSATION_ID, s(conversationId), Messages.SEQ, n(seq)))
                .projectionExpression("#u").expressionAttributeNames(Map.of("#u", Messages.SENDER_USER_ID))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(str(item, Messages.SENDER_USER_ID));
    }

    /** Up to {@code limit} messages with seq greater than {@code afterSeq}, ascending. */
    public List<StoredMessage> after(String conversationId, long afterSeq, int limit) {
        QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#c = :c AND #s > :s")
                .expressionAttributeNames(Map.of("#c", Messages.CONVERSATION_ID, "#s", Messages.SEQ))
                .expressionAttributeValues(Map.of(":c", s(conversationId), ":s", n(afterSeq)))
                .limit(limit));
        return r.items().stream().map(MessagesTable::read).toList();
    }

    /** Up to {@code limit} messages with afterSeq < seq < beforeSeq, nearest to beforeSeq first, returned ascending. */
    public List<StoredMessage> before(String conversationId, long beforeSeq, long afterSeq, int limit) {
        if (beforeSeq - 1 < afterSeq + 1) {
            // An empty range; DynamoDB refuses a BETWEEN whose bounds are the wrong way round.
            return List.of();
        }
        QueryResponse r = dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#c = :c AND #s BETWEEN :lo AND :hi")
                .expressionAttributeNames(Map.of("#c", Messages.CONVERSATION_ID, "#s", Messages.SEQ))
                .expressionAttributeValues(Map.of(":c", s(conversationId), ":lo", n(afterSeq + 1),
                        ":hi", n(beforeSeq - 1)))
                .scanIndexForward(false).limit(limit));
        List<StoredMessage> out = new ArrayList<>(r.items().stream().map(MessagesTable::read).toList());
        Collections.reverse(out);
        return out;
    }

    /**
     * Finds the message a device stored under {@code clientMsgId} with a seq above {@code afterSeq}. Only used when
     * a resend meets an unfinished claim, so scanning the (short) tail of the conversation is fine.
     */
    public Optional<StoredMessage> findByClientMsgId(String conversationId, String senderDeviceId,
            String clientMsgId, long afterSeq) {
        QueryRequest next = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#c = :c AND #s > :s")
                .filterExpression("#d = :d AND #m = :m")
                .expressionAttributeNames(Map.of("#c", Messages.CONVERSATION_ID, "#s", Messages.SEQ,
                        "#d", Messages.SENDER_DEVICE_ID, "#m", Messages.CLIENT_MSG_ID))
                .expressionAttributeValues(Map.of(":c", s(conversationId), ":s", n(afterSeq),
                        ":d", s(senderDeviceId), ":m", s(clientMsgId)))
                .build();
        while (next != null) {
            QueryResponse page = dynamo.query(next);
            if (!page.items().isEmpty()) {
                return Optional.of(read(page.items().get(0)));
            }
            next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? next.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build() : null;
        }
        return Optional.empty();
    }

    private static StoredMessage read(Map<String, AttributeValue> item) {
        String event = str(item, Messages.EVENT);
        return new StoredMessage(str(item, Messages.CONVERSATION_ID), num(item, Messages.SEQ),
                str(item, Messages.SENDER_USER_ID), str(item, Messages.SENDER_DEVICE_ID),
                str(item, Messages.CLIENT_MSG_ID), bytes(item, Messages.BODY),
                event == null ? null : Json.read(event, GroupEvent.class), num(item, Messages.SERVER_TIME));
    }
}
