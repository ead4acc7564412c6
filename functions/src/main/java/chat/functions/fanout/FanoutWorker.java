package chat.functions.fanout;

import chat.functions.ChatConfig;
import chat.model.frames.FrameCodec;
import chat.model.schema.Queues;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Long-polls the fan-out queue with a few parallel receivers. A batch is deleted only after it was handled, so a
 * worker that dies mid-batch leaves it to be redelivered (devices de-duplicate by seq).
 */
@ApplicationScoped
public class FanoutWorker {
    private static final Logger LOG = Logger.getLogger(FanoutWorker.class);
    private final SqsAsyncClient sqs;
    private final QueueUrls queues;
    private final FanoutProcessor processor;
    private final ChatConfig.Fanout config;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final List<Thread> receivers = new ArrayList<>();

    public FanoutWorker(SqsAsyncClient sqs, QueueUrls queues, FanoutProcessor processor, ChatConfig config) {
        this.sqs = sqs;
        this.queues = queues;
        this.processor = processor;
        this.config = config.fanout();
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            return;
        }
        for (int i = 0; i < config.consumers(); i++) {
            Thread t = new Thread(this::receiveLoop, "fanout-receiver-" + i);
            t.setDaemon(true);
            t.start();
            receivers.add(t);
        }
        LOG.infof("fan-out worker started with %d receivers", config.consumers());
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopping.countDown();
    }

    private void receiveLoop() {
        while (stopping.getCount() > 0) {
            try {
                String url = queues.of(Queues.FANOUT);
                ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                        .waitTimeSeconds(10)).get(30, TimeUnit.SECONDS);
                if (r.hasMessages() && !r.messages().isEmpty()) {
                    handle(url, r.messages());
                }
            } catch (Exception e) {
                if (stopping.getCount() == 0) {
                    return;
                }
                LOG.warnf("fan-out receive failed: %s", e.toString());
                awaitStop(1000);
            }
        }
    }

    private void handle(String url, List<Message> messages) {
        List<FanoutEvent> events = new ArrayList<>();
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            try {
                events.add(FrameCodec.mapper().readValue(m.body(), FanoutEvent.class));
            } catch (IOException unreadable) {
                // Cannot become readable by retrying; it would only poison the queue until the DLQ takes it.
                LOG.errorf("dropping unreadable fan-out message %s", m.messageId());
            }
            done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                    .receiptHandle(m.receiptHandle()).build());
        }
        processor.process(events);
        sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(done)).join();
    }

    private void awaitStop(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
