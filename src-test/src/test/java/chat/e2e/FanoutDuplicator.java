package chat.e2e;

import chat.localstack.AwsClients;
import chat.model.schema.Queues;
import chat.system.ChatSystem;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * A misbehaving fan-out worker, for the redelivery fault: it competes with the real workers for fan-out batches,
 * puts a copy of each message it gets back on the queue (SQS delivering a message twice) and never deletes the
 * original, which SQS hands out again once its short visibility timeout passes (a worker that died before delete).
 * Every message it catches is therefore fanned out twice by the real workers.
 */
final class FanoutDuplicator implements AutoCloseable {
    private static final int VISIBILITY_SECONDS = 2;
    private final SqsClient sqs;
    private final String queueUrl;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger caught = new AtomicInteger();
    private final Thread thread;

    FanoutDuplicator(ChatSystem system) {
        this.sqs = AwsClients.sqs(system.localStack().sqsEndpoint());
        this.queueUrl = system.localStack().queueUrl(Queues.FANOUT);
        this.thread = new Thread(this::run, "fanout-duplicator");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Messages caught, each now delivered twice more by the real workers. */
    int caught() {
        return caught.get();
    }

    private void run() {
        while (running.get()) {
            try {
                ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).visibilityTimeout(VISIBILITY_SECONDS));
                for (Message m : r.messages()) {
                    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(m.body()));
                    caught.incrementAndGet();
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    System.out.println("duplicator: " + e);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
        sqs.close();
    }
}
