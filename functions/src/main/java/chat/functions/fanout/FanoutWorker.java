package chat.functions.fanout;

import chat.functions.ChatConfig;
import chat.functions.metrics.ChatMeters;
import chat.functions.queue.FanoutEvent;
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
import java.time.Clock;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Consumes the fan-out queue; a redelivered batch is harmless because devices de-duplicate by seq. The long-poll
 * loop runs when {@code chat.fanout.enabled}; on AWS Lambda it is off and the SQS event source mapping hands the
 * batches to {@link #batch()} instead.
 */
@ApplicationScoped
public class FanoutWorker {
    private final QueueBatch<FanoutEvent> batch;
    private final QueueConsumer<FanoutEvent> consumer;
    private final ChatConfig.Fanout config;

    public FanoutWorker(SqsAsyncClient sqs, QueueUrls queues, Pools pools,
            FanoutProcessor processor, ChatConfig config, ChatMeters meters, Clock clock) {
        this.batch = new QueueBatch<>(Queues.FANOUT, FanoutEvent.class, events -> {
            processor.process(events);
            long now = clock.millis();
            events.forEach(e -> meters.fannedOut(e.serverTime(), now));
        });
        this.consumer = new QueueConsumer<>(sqs, queues, batch, config.fanout().retryDelay(),
                pools.queueReceivers());
        this.config = config.fanout();
    }

    /** How one received batch of the fan-out queue is handled, by the loop here or by a Lambda invocation. */
    public QueueBatch<FanoutEvent> batch() {
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
