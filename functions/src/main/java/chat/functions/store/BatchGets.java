package chat.functions.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * BatchGetItem over any number of string partition keys: chunks of 100 (the API's limit), with unprocessed keys
 * retried until none are left. Items of unknown keys are simply absent. The chunks of one call go side by side, so
 * a 256-member group waits for one round trip, not three.
 */
final class BatchGets {
    private static final int MAX_KEYS = 100;
    private static final ExecutorService CHUNKS = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "batch-get");
        t.setDaemon(true);
        return t;
    });

    private BatchGets() {
    }

    static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table, String keyName,
            Collection<String> ids, Consumer<KeysAndAttributes.Builder> options) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        List<List<Map<String, AttributeValue>>> chunks = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += MAX_KEYS) {
            chunks.add(distinct.subList(from, Math.min(distinct.size(), from + MAX_KEYS)).stream()
                    .map(id -> Map.of(keyName, AttributeValue.fromS(id))).toList());
        }
        if (chunks.size() <= 1) {
            return chunks.isEmpty() ? List.of() : chunk(dynamo, table, chunks.get(0), options);
        }
        List<CompletableFuture<List<Map<String, AttributeValue>>>> running = chunks.stream()
                .map(keys -> CompletableFuture.supplyAsync(() -> chunk(dynamo, table, keys, options), CHUNKS))
                .toList();
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        try {
            running.forEach(f -> out.addAll(f.join()));
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return out;
    }

    private static List<Map<String, AttributeValue>> chunk(DynamoDbClient dynamo, String table,
            List<Map<String, AttributeValue>> keys, Consumer<KeysAndAttributes.Builder> options) {
        KeysAndAttributes.Builder request = KeysAndAttributes.builder().keys(keys);
        options.accept(request);
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, KeysAndAttributes> pending = Map.of(table, request.build());
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> current = pending;
            BatchGetItemResponse r = dynamo.batchGetItem(b -> b.requestItems(current));
            out.addAll(r.responses().getOrDefault(table, List.of()));
            pending = r.unprocessedKeys() == null ? Map.of() : r.unprocessedKeys();
        }
        return out;
    }
}
