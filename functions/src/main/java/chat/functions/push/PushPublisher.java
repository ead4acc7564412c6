package chat.functions.push;

import chat.functions.queue.QueueUrls;
import chat.model.frames.FrameCodec;
import chat.model.schema.Queues;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Puts push jobs on the push queue: one queue message per fan-out batch (split only to stay under 256 KiB). */
@ApplicationScoped
public class PushPublisher {
    /** ~150 bytes per item keeps a message well under SQS's 256 KiB. */
    private static final int MAX_ITEMS = 1000;
    private final SqsAsyncClient sqs;
    private final QueueUrls queues;

    public PushPublisher(SqsAsyncClient sqs, QueueUrls queues) {
        this.sqs = sqs;
        this.queues = queues;
    }

    public CompletableFuture<Void> publish(List<PushItem> items) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        String url = queues.of(Queues.PUSH);
        for (int from = 0; from < items.size(); from += MAX_ITEMS) {
            String body;
            try {
                body = FrameCodec.mapper().writeValueAsString(new PushJob(items.subList(from,
                        Math.min(items.size(), from + MAX_ITEMS))));
            } catch (JsonProcessingException e) {
                return CompletableFuture.failedFuture(e);
            }
            sends.add(sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }
}
