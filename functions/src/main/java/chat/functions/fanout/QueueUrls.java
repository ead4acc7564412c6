package chat.functions.fanout;

import chat.functions.ChatConfig;
import chat.model.schema.QueueDef;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Resolves queue names of this deployment to URLs, once. */
@ApplicationScoped
public class QueueUrls {
    private final SqsAsyncClient sqs;
    private final String prefix;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    public QueueUrls(SqsAsyncClient sqs, ChatConfig config) {
        this.sqs = sqs;
        this.prefix = config.queues().prefix();
    }

    public String of(QueueDef queue) {
        return urls.computeIfAbsent(queue.fullName(prefix),
                name -> sqs.getQueueUrl(b -> b.queueName(name)).join().queueUrl());
    }
}
