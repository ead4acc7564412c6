package chat.functions.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem puts (and deletes) over any number of items: chunks of 25 (the API's limit), unprocessed items sent
 * again.
 */
final class BatchWrites {
    private static final int MAX_ITEMS = 25;

    private BatchWrites() {
    }

    static void putAll(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
        writeAll(dynamo, table, items.stream()
                .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                .toList());
    }

    /** Deletes the items with these keys. */
    static void deleteAll(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys) {
        writeAll(dynamo, table, keys.stream()
                .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                .toList());
    }

    /**
     * Deletes every item the query finds, page by page (the query should project the key attributes only); returns
     * how many.
     */
    static int deleteQueried(DynamoDbClient dynamo, String table, QueryRequest keysOnly) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        QueryRequest next = keysOnly;
        while (next != null) {
            QueryResponse page = dynamo.query(next);
            keys.addAll(page.items());
            next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? next.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build() : null;
        }
        deleteAll(dynamo, table, keys);
        return keys.size();
    }

    /** Any puts and deletes, in chunks of 25. */
    static void writeAll(DynamoDbClient dynamo, String table, List<WriteRequest> all) {
        for (int from = 0; from < all.size(); from += MAX_ITEMS) {
            List<WriteRequest> writes = all.subList(from, Math.min(all.size(), from + MAX_ITEMS));
            Map<String, List<WriteRequest>> request = Map.of(table, writes);
            while (!request.isEmpty()) {
                Map<String, List<WriteRequest>> current = request;
                BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(current));
                request = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
            }
        }
    }
}
