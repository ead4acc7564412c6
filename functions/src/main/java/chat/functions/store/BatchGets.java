package chat.functions.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * BatchGetItem over any number of string partition keys: chunks of 100 (the API's limit), with unprocessed keys
 * retried until none are left. Items of unknown keys are simply absent.
 */
final class BatchGets {
    private static final int MAX_KEYS = 100;

    private BatchGets() {
    }

    static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table, String keyName,
            Collection<String> ids, Consumer<KeysAndAttributes.Builder> options) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += MAX_KEYS) {
            List<Map<String, AttributeValue>> keys = distinct.subList(from, Math.min(distinct.size(), from + MAX_KEYS))
                    .stream().map(id -> Map.of(keyName, AttributeValue.fromS(id))).toList();
            KeysAndAttributes.Builder request = KeysAndAttributes.builder().keys(keys);
            options.accept(request);
            Map<String, KeysAndAttributes> pending = Map.of(table, request.build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> current = pending;
                BatchGetItemResponse r = dynamo.batchGetItem(b -> b.requestItems(current));
                out.addAll(r.responses().getOrDefault(table, List.of()));
                pending = r.unprocessedKeys() == null ? Map.of() : r.unprocessedKeys();
            }
        }
        return out;
    }
}
