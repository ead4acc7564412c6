package chat.functions.fanout;

import chat.model.frames.FrameCodec;
import chat.model.schema.QueueDef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Long-polls one queue with a few receiver threads and hands each batch, decoded, to a handler. A batch is deleted
 * only after the handler returned, so a worker that dies (or a handler that throws) leaves it to be redelivered.
 *
 * @param <T> the JSON body type of the queue's messages
 */
public final class QueueConsumer<T> {
    private static final Logger LOG = Logger.getLogger(QueueConsumer.class);
    private final SqsAsyncClient sqs;
    private final QueueUrls queues;
    private final QueueDef queue;
    private final Class<T> type;
    private final Consumer<List<T>> handler;
    private final CountDownLatch stopping = new CountDownLatch(1);

    public QueueConsumer(SqsAsyncClient sqs, QueueUrls queues, QueueDef queue, Class<T> type,
            Consumer<List<T>> handler) {
        this.sqs = sqs;
        this.queues = queues;
        this.queue = queue;
        this.type = type;
        this.handler = handler;
    }

    public void start(int receivers) {
        for (int i = 0; i < receivers; i++) {
            Thread t = new Thread(this::receiveLoop, queue.name() + "-receiver-" + i);
            t.setDaemon(true);
            t.start();
        }
        LOG.infof("%s consumer started with %d receivers", queue.name(), receivers);
    }

    public void stop() {
        stopping.countDown();
    }

    private void receiveLoop() {
        while (stopping.getCount() > 0) {
            try {
                String url = queues.of(queue);
                ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                        .waitTimeSeconds(10)).get(30, TimeUnit.SECONDS);
                if (r.hasMessages() && !r.messages().isEmpty()) {
                    handle(url, r.messages());
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
        List<T> bodies = new ArrayList<>();
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            try {
                bodies.add(FrameCodec.mapper().readValue(m.body(), type));
            } catch (IOException unreadable) {
                // Cannot become readable by retrying; it would only poison the queue until the DLQ takes it.
                LOG.errorf("dropping unreadable %s message %s", queue.name(), m.messageId());
            }
            done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                    .receiptHandle(m.receiptHandle()).build());
        }
        handler.accept(bodies);
        sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(done)).join();
    }
}
