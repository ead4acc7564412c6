package chat.functions.store;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem puts over any number of items: chunks of 25 (the API's limit), unprocessed items sent again. */
final class BatchWrites {
    private static final int MAX_ITEMS = 25;

    private BatchWrites() {
    }

    static void putAll(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += MAX_ITEMS) {
            List<WriteRequest> writes = items.subList(from, Math.min(items.size(), from + MAX_ITEMS)).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> request = Map.of(table, writes);
            while (!request.isEmpty()) {
                Map<String, List<WriteRequest>> current = request;
                BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(current));
                request = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
            }
        }
    }
}
