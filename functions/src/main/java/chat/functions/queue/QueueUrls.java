package chat.functions.queue;

import chat.functions.ChatConfig;
import chat.model.schema.QueueDef;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Resolves queue names of this deployment to URLs, once. */
@ApplicationScoped
public class QueueUrls {
    private static final long LOOKUP_TIMEOUT_SECONDS = 10;
    private final SqsAsyncClient sqs;
    private final String prefix;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    public QueueUrls(SqsAsyncClient sqs, ChatConfig config) {
        this.sqs = sqs;
        this.prefix = config.queues().prefix();
    }

    public String of(QueueDef queue) {
        String name = queue.fullName(prefix);
        String url = urls.get(name);
        if (url != null) {
            return url;
        }
        // Looked up outside the map's lock and with a deadline: a lookup that never answers must not hold every
        // other queue's lookup (computeIfAbsent locks a whole bin) or hang a request forever.
        try {
            url = sqs.getQueueUrl(b -> b.queueName(name)).get(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS).queueUrl();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted looking up queue " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot look up queue " + name + ": " + e, e);
        }
        urls.putIfAbsent(name, url);
        return url;
    }
}
