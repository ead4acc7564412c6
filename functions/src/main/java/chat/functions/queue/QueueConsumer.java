package chat.functions.queue;

import chat.functions.threads.InFlight;
import chat.model.schema.QueueDef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Long-polls one queue with a few receive loops (on the receivers pool it is given) and hands each received batch to
 * a {@link QueueBatch}. Messages
 * are deleted only after they were handled, so a worker that dies leaves its batch to be redelivered after the
 * queue's visibility timeout. Messages the batch reports failed (a backend was briefly unreachable) come back
 * sooner: they are made visible again after {@code retryDelay}, and after the queue's receive limit they go to the
 * dead-letter queue. {@link #stop} takes no new batch and waits, bounded, for the ones being handled.
 *
 * @param <T> the JSON body type of the queue's messages
 */
public final class QueueConsumer<T> {
    private static final Logger LOG = Logger.getLogger(QueueConsumer.class);
    private final SqsAsyncClient sqs;
    private final QueueUrls queues;
    private final QueueDef queue;
    private final QueueBatch<T> batch;
    private final int retryDelaySeconds;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final InFlight handling = new InFlight();
    private final ExecutorService receivers;

    public QueueConsumer(SqsAsyncClient sqs, QueueUrls queues, QueueBatch<T> batch, Duration retryDelay,
            ExecutorService receivers) {
        this.sqs = sqs;
        this.receivers = receivers;
        this.queues = queues;
        this.queue = batch.queue();
        this.batch = batch;
        // SQS counts visibility in whole seconds, at most the queue's own timeout.
        this.retryDelaySeconds = (int) Math.max(0, Math.min(queue.visibilityTimeoutSeconds(),
                retryDelay.toSeconds()));
    }

    public void start(int receivers) {
        for (int i = 0; i < receivers; i++) {
            this.receivers.execute(this::receiveLoop);
        }
        LOG.infof("%s consumer started with %d receivers", queue.name(), receivers);
    }

    /**
     * No new receive starts; returns once the batches being handled are done (deleted or marked for retry), or after
     * {@code grace}. A loop still waiting in a long poll is left to the receivers pool's shutdown.
     */
    public void stop(Duration grace) {
        stopping.countDown();
        if (!handling.awaitIdle(grace)) {
            LOG.warnf("%s: %d batch(es) still being handled at shutdown; they come again after the visibility timeout",
                    queue.name(), handling.count());
        }
    }

    private void receiveLoop() {
        while (stopping.getCount() > 0) {
            try {
                String url = queues.of(queue);
                ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                        .waitTimeSeconds(10)).get(30, TimeUnit.SECONDS);
                if (r.hasMessages() && !r.messages().isEmpty()) {
                    handling.begin();
                    try {
                        handle(url, r.messages());
                    } finally {
                        handling.end();
                    }
                }
            } catch (Exception e) {
                if (stopping.getCount() == 0) {
                    return;
                }
                LOG.warnf("%s receive failed: %s", queue.name(), e.toString());
                try {
                    stopping.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void handle(String url, List<Message> messages) {
        Set<String> failed = new HashSet<>(batch.handle(messages.stream()
                .map(m -> new QueueBatch.Received(m.messageId(), m.body())).toList()));
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(done)).join();
        }
        List<Message> again = messages.stream().filter(m -> failed.contains(m.messageId())).toList();
        if (!again.isEmpty()) {
            retrySoon(url, again);
        }
    }

    /** Best effort: if this fails too, the batch comes back after the queue's visibility timeout anyway. */
    private void retrySoon(String url, List<Message> messages) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (Message m : messages) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                    .receiptHandle(m.receiptHandle()).visibilityTimeout(retryDelaySeconds).build());
        }
        try {
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("%s: could not hasten the retry of a failed batch: %s", queue.name(), e.toString());
        }
    }
}
