package chat.functions.push;

import chat.functions.ChatConfig;
import chat.functions.fanout.QueueUrls;
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
 * Long-polls the push queue. A job is deleted after it was handled; a worker that dies mid-job leaves it to be
 * redelivered, and the collapse claims make the redelivery send nothing twice within the window.
 */
@ApplicationScoped
public class PushWorker {
    private static final Logger LOG = Logger.getLogger(PushWorker.class);
    private final SqsAsyncClient sqs;
    private final QueueUrls queues;
    private final PushProcessor processor;
    private final ChatConfig.Push config;
    private final CountDownLatch stopping = new CountDownLatch(1);

    public PushWorker(SqsAsyncClient sqs, QueueUrls queues, PushProcessor processor, ChatConfig config) {
        this.sqs = sqs;
        this.queues = queues;
        this.processor = processor;
        this.config = config.push();
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            return;
        }
        for (int i = 0; i < config.consumers(); i++) {
            Thread t = new Thread(this::receiveLoop, "push-receiver-" + i);
            t.setDaemon(true);
            t.start();
        }
        LOG.infof("push worker started with %d receivers", config.consumers());
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopping.countDown();
    }

    private void receiveLoop() {
        while (stopping.getCount() > 0) {
            try {
                String url = queues.of(Queues.PUSH);
                ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                        .waitTimeSeconds(10)).get(30, TimeUnit.SECONDS);
                if (r.hasMessages() && !r.messages().isEmpty()) {
                    handle(url, r.messages());
                }
            } catch (Exception e) {
                if (stopping.getCount() == 0) {
                    return;
                }
                LOG.warnf("push receive failed: %s", e.toString());
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
        List<PushItem> items = new ArrayList<>();
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            try {
                items.addAll(FrameCodec.mapper().readValue(m.body(), PushJob.class).items());
            } catch (IOException unreadable) {
                LOG.errorf("dropping unreadable push job %s", m.messageId());
            }
            done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                    .receiptHandle(m.receiptHandle()).build());
        }
        PushProcessor.Outcome outcome = processor.process(items);
        LOG.debugf("push jobs: %s", outcome);
        sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(done)).join();
    }
}
