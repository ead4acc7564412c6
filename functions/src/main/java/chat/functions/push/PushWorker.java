package chat.functions.push;

import chat.functions.ChatConfig;
import chat.functions.queue.QueueBatch;
import chat.functions.queue.QueueConsumer;
import chat.functions.queue.QueueUrls;
import chat.model.schema.Queues;
import chat.functions.threads.Pools;
import chat.functions.threads.ShutdownOrder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Consumes the push queue. A job redelivered after a worker died sends nothing twice within the collapse window,
 * because the collapse claims are conditional writes. The long-poll loop runs when {@code chat.push.enabled}; on AWS
 * Lambda it is off and the SQS event source mapping hands the batches to {@link #batch()} instead.
 */
@ApplicationScoped
public class PushWorker {
    private final QueueBatch<PushJob> batch;
    private final QueueConsumer<PushJob> consumer;
    private final ChatConfig.Push config;

    public PushWorker(SqsAsyncClient sqs, QueueUrls queues, Pools pools,
            PushProcessor processor, ChatConfig config) {
        this.batch = new QueueBatch<>(Queues.PUSH, PushJob.class,
                jobs -> processor.process(jobs.stream().flatMap(j -> j.items().stream()).toList()));
        this.consumer = new QueueConsumer<>(sqs, queues, batch, config.push().retryDelay(),
                pools.queueReceivers());
        this.config = config.push();
    }

    /** How one received batch of the push queue is handled, by the loop here or by a Lambda invocation. */
    public QueueBatch<PushJob> batch() {
        return batch;
    }

    void start(@Observes StartupEvent ignored) {
        if (config.enabled()) {
            consumer.start(config.consumers());
        }
    }

    void stop(@Observes @Priority(ShutdownOrder.STOP_CONSUMERS) ShutdownEvent ignored) {
        consumer.stop(ShutdownOrder.CONSUMER_GRACE);
    }
}
