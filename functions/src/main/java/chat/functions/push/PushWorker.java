package chat.functions.push;

import chat.functions.ChatConfig;
import chat.functions.fanout.QueueConsumer;
import chat.functions.fanout.QueueUrls;
import chat.model.schema.Queues;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Consumes the push queue. A job redelivered after a worker died sends nothing twice within the collapse window,
 * because the collapse claims are conditional writes.
 */
@ApplicationScoped
public class PushWorker {
    private final QueueConsumer<PushJob> consumer;
    private final ChatConfig.Push config;

    public PushWorker(SqsAsyncClient sqs, QueueUrls queues, PushProcessor processor, ChatConfig config) {
        this.consumer = new QueueConsumer<>(sqs, queues, Queues.PUSH, PushJob.class,
                jobs -> processor.process(jobs.stream().flatMap(j -> j.items().stream()).toList()),
                config.push().retryDelay());
        this.config = config.push();
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
