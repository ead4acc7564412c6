package chat.functions.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The conditional put of a message against dynalite, with a stand-in for an engine that loses an answer: an
 * interceptor turns the first PutItem answer, after the item was stored, into a 500, which the SDK retries.
 */
class MessagesTableTest {
    private static InterceptedDynamo local;
    private static MessagesTable messages;
    /** Whether the next PutItem answer is replaced by a 500. */
    private static final AtomicBoolean loseNextPutAnswer = new AtomicBoolean();
    private static final AtomicInteger puts = new AtomicInteger();

    @BeforeAll
    static void start() {
        local = new InterceptedDynamo(new LosePutAnswer());
        messages = new MessagesTable(local.dynamo, local.tableNames());
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void aPutWhoseAnswerWasLostAndRetriedFindsItsOwnItemAndCountsAsStored() {
        loseNextPutAnswer.set(true);
        puts.set(0);

        boolean stored = messages.tryPut(message("conv-lost-answer", 1, "dphone", "m-1"));

        assertThat(puts.get()).as("the SDK retried the put").isEqualTo(2);
        assertThat(stored).isTrue();
        assertThat(messages.head("conv-lost-answer")).isEqualTo(1);
    }

    @Test
    void aSeqTakenByAnotherMessageIsRefused() {
        assertThat(messages.tryPut(message("conv-taken", 1, "dphone", "m-1"))).isTrue();

        assertThat(messages.tryPut(message("conv-taken", 1, "dphone", "m-2"))).isFalse();
        assertThat(messages.tryPut(message("conv-taken", 1, "dlaptop", "m-1"))).isFalse();
    }

    private static StoredMessage message(String conversationId, long seq, String deviceId, String clientMsgId) {
        return new StoredMessage(conversationId, seq, "ualice", deviceId, clientMsgId,
                "hi".getBytes(StandardCharsets.UTF_8), null, 1_000);
    }

    /** Plays an engine that stored the item and then answered 500 (or died before answering). */
    private static final class LosePutAnswer implements ExecutionInterceptor {
        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
                ExecutionAttributes attributes) {
            if (!"PutItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                return context.httpResponse();
            }
            puts.incrementAndGet();
            return loseNextPutAnswer.compareAndSet(true, false)
                    ? context.httpResponse().toBuilder().statusCode(500).build() : context.httpResponse();
        }
    }
}
