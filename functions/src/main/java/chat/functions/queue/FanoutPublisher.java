package chat.functions.queue;

import chat.functions.ChatConfig;
import chat.functions.threads.Pools;
import chat.functions.threads.ShutdownOrder;
import chat.model.frames.FrameCodec;
import chat.model.schema.Queues;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;

/**
 * Puts stored messages on the fan-out queue. Concurrent sends are coalesced into SendMessageBatch calls of up to
 * ten by the SDK's batch manager, which waits at most {@code chat.fanout.publish-linger} for a batch to fill.
 */
@ApplicationScoped
public class FanoutPublisher {
    /** Frames above this go alone: ten of them would not fit one 256 KiB batch. */
    private static final int BATCHABLE_BYTES = 24 * 1024;
    private final SqsAsyncClient sqs;
    private final QueueUrls queues;
    private final SqsAsyncBatchManager batches;

    public FanoutPublisher(SqsAsyncClient sqs, QueueUrls queues, Pools pools, ChatConfig config) {
        this.sqs = sqs;
        this.queues = queues;
        this.batches = SqsAsyncBatchManager.builder().client(sqs).scheduledExecutor(pools.publishTimer())
                .overrideConfiguration(c -> c.maxBatchSize(10).sendRequestFrequency(config.fanout().publishLinger()))
                .build();
    }

    /** Completes when SQS has accepted the event. */
    public CompletableFuture<Void> publish(FanoutEvent event) {
        String body;
        try {
            body = FrameCodec.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        String url = queues.of(Queues.FANOUT);
        if (body.length() > BATCHABLE_BYTES) {
            return sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)).thenApply(r -> null);
        }
        return batches.sendMessage(b -> b.queueUrl(url).messageBody(body)).thenApply(r -> null);
    }

    /** Sends what is still buffered, after the work that may publish and before its timer's pool stops. */
    void close(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(ShutdownOrder.DRAIN + 1) ShutdownEvent e) {
        batches.close();
    }
}
