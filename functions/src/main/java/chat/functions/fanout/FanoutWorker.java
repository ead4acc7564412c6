package chat.functions.fanout;

import chat.functions.ChatConfig;
import chat.model.schema.Queues;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Consumes the fan-out queue; a redelivered batch is harmless because devices de-duplicate by seq. */
@ApplicationScoped
public class FanoutWorker {
    private final QueueConsumer<FanoutEvent> consumer;
    private final ChatConfig.Fanout config;

    public FanoutWorker(SqsAsyncClient sqs, QueueUrls queues, FanoutProcessor processor, ChatConfig config) {
        this.consumer = new QueueConsumer<>(sqs, queues, Queues.FANOUT, FanoutEvent.class, processor::process,
                config.fanout().retryDelay());
        this.config = config.fanout();
    }

    void start(@Observes StartupEvent ignored) {
        if (config.enabled()) {
            consumer.start(config.consumers());
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumer.stop();
    }
}
