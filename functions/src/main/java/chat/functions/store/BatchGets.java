package chat.functions.store;

import chat.functions.threads.Pools;
import chat.model.ChatException;
import chat.model.ErrorCode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * BatchGetItem over any number of string partition keys: chunks of 100 (the API's limit). Items of unknown keys are
 * simply absent. The chunks of one call go side by side, so a 256-member group waits for one round trip, not three.
 *
 * <p>Keys DynamoDB leaves unprocessed (it does so when the table is throttled) are asked for again after an
 * exponential backoff with full jitter, as AWS asks; retrying at once would only be throttled again. After
 * {@link #MAX_ATTEMPTS} requests the call fails as {@code UNAVAILABLE}, so a fan-out batch goes back to its queue
 * and a client request gets a retryable error instead of waiting without end.
 */
@Singleton
public final class BatchGets {
    private static final int MAX_KEYS = 100;
    static final int MAX_ATTEMPTS = 8;
    private static final long FIRST_BACKOFF_MILLIS = 10;
    private static final long MAX_BACKOFF_MILLIS = 400;
    private final ExecutorService chunkPool;

    @Inject
    public BatchGets(Pools pools) {
        this(pools.batchGets());
    }

    /** Outside CDI (a test with a DynamoDB client of its own): the chunks run on {@code chunkPool}. */
    public BatchGets(ExecutorService chunkPool) {
        this.chunkPool = chunkPool;
    }

    List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table, String keyName,
            Collection<String> ids, Consumer<KeysAndAttributes.Builder> options) {
        return itemsByKey(dynamo, table, new LinkedHashSet<>(ids).stream()
                .map(id -> Map.of(keyName, AttributeValue.fromS(id))).toList(), options);
    }

    /** The same for any keys (e.g. composite ones); the keys must be distinct. */
    List<Map<String, AttributeValue>> itemsByKey(DynamoDbClient dynamo, String table,
            List<Map<String, AttributeValue>> keys, Consumer<KeysAndAttributes.Builder> options) {
        List<List<Map<String, AttributeValue>>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_KEYS) {
            chunks.add(keys.subList(from, Math.min(keys.size(), from + MAX_KEYS)));
        }
        if (chunks.size() <= 1) {
            return chunks.isEmpty() ? List.of() : chunk(dynamo, table, chunks.get(0), options);
        }
        List<CompletableFuture<List<Map<String, AttributeValue>>>> running = chunks.stream()
                .map(part -> CompletableFuture.supplyAsync(() -> chunk(dynamo, table, part, options), chunkPool))
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
        for (int attempt = 1; ; attempt++) {
            Map<String, KeysAndAttributes> current = pending;
            BatchGetItemResponse r = dynamo.batchGetItem(b -> b.requestItems(current));
            out.addAll(r.responses().getOrDefault(table, List.of()));
            pending = r.unprocessedKeys() == null ? Map.of() : r.unprocessedKeys();
            if (pending.isEmpty()) {
                return out;
            }
            if (attempt == MAX_ATTEMPTS) {
                int left = pending.values().stream().mapToInt(k -> k.keys().size()).sum();
                throw new ChatException(ErrorCode.UNAVAILABLE, "DynamoDB left " + left + " key(s) of " + table
                        + " unprocessed after " + MAX_ATTEMPTS + " requests; retry shortly");
            }
            backOff(attempt);
        }
    }

    private static void backOff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (attempt - 1));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted while DynamoDB was throttling");
        }
    }
}
