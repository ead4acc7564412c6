package chat.functions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.ChatException;
import chat.model.ErrorCode;
import chat.model.schema.Tables.Users;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * BatchGets against dynalite. dynalite never throttles, so an interceptor plays AWS's part when a table is throttled:
 * it hands back only the first item of an answer and lists the other keys as unprocessed.
 */
class BatchGetsTest {
    private static InterceptedDynamo local;
    private static DynamoDbClient dynamo;
    private static String table;
    /** The pool this test owns and closes, as Pools does in the application. */
    private static final ExecutorService chunkPool = Executors.newFixedThreadPool(8);
    private static final BatchGets batchGets = new BatchGets(chunkPool);
    /** How many more BatchGetItem answers the stand-in throttle cuts short; negative: all of them. */
    private static final AtomicInteger throttledAnswers = new AtomicInteger();
    private static final AtomicInteger requests = new AtomicInteger();

    @BeforeAll
    static void start() {
        local = new InterceptedDynamo(new Throttle());
        dynamo = local.dynamo;
        table = local.stack.tableName(Users.DEF);
    }

    @AfterAll
    static void stop() {
        chunkPool.shutdown();
        if (local != null) {
            local.close();
        }
    }

    @BeforeEach
    void noThrottle() {
        throttledAnswers.set(0);
        requests.set(0);
    }

    @Test
    void keysLeftUnprocessedForAWhileAreAskedForAgainUntilEveryItemHasArrived() {
        List<String> ids = users(5);
        throttledAnswers.set(3);

        assertThat(userIds(batchGets.items(dynamo, table, Users.USER_ID, ids, b -> { })))
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(requests).hasValue(4);
    }

    @Test
    @Timeout(30)
    void aTableThatStaysThrottledFailsAsUnavailableAfterTheLastAttemptInsteadOfAskingForever() {
        List<String> ids = users(3);
        throttledAnswers.set(-1);

        assertThatThrownBy(() -> batchGets.items(dynamo, table, Users.USER_ID, ids, b -> { }))
                .isInstanceOfSatisfying(ChatException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("unprocessed", table);
                });
        assertThat(requests).hasValue(BatchGets.MAX_ATTEMPTS);
    }

    @Test
    void moreKeysThanOneRequestTakesArriveFromChunksOfAHundredAndUnknownKeysAreAbsent() {
        List<String> ids = users(250);
        List<String> asked = new ArrayList<>(ids);
        asked.add("u-nobody-" + UUID.randomUUID());
        asked.add(ids.get(0));

        assertThat(userIds(batchGets.items(dynamo, table, Users.USER_ID, asked, b -> { })))
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(requests).hasValue(3);
    }

    private static List<String> users(int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = IntStream.range(0, count).mapToObj(i -> "u-" + run + "-" + i).toList();
        ids.forEach(id -> dynamo.putItem(b -> b.tableName(table).item(Map.of(Users.USER_ID, AttributeValue.fromS(id)))));
        return ids;
    }

    private static Set<String> userIds(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get(Users.USER_ID).s()).collect(Collectors.toSet());
    }

    /**
     * While throttling, keeps the first item of a BatchGetItem answer (none when throttling for good) and reports the
     * other asked keys unprocessed.
     */
    private static final class Throttle implements ExecutionInterceptor {
        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (!(context.response() instanceof BatchGetItemResponse answer)) {
                return context.response();
            }
            requests.incrementAndGet();
            int budget = throttledAnswers.getAndUpdate(n -> n > 0 ? n - 1 : n);
            if (budget == 0) {
                return answer;
            }
            List<Map<String, AttributeValue>> items = answer.responses().getOrDefault(table, List.of());
            List<Map<String, AttributeValue>> kept = items.isEmpty() || budget < 0 ? List.of() : List.of(items.get(0));
            Set<String> keptIds = userIds(kept);
            KeysAndAttributes askedFor = ((BatchGetItemRequest) context.request()).requestItems().get(table);
            List<Map<String, AttributeValue>> left = askedFor.keys().stream()
                    .filter(k -> !keptIds.contains(k.get(Users.USER_ID).s())).toList();
            return answer.toBuilder().responses(Map.of(table, kept))
                    .unprocessedKeys(left.isEmpty() ? Map.of() : Map.of(table, askedFor.toBuilder().keys(left).build()))
                    .build();
        }
    }
}
