package chat.functions.messaging;

import chat.functions.queue.FanoutEvent;
import chat.functions.queue.QueueUrls;
import chat.model.frames.FrameCodec;
import chat.model.schema.Queues;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** For tests with the fan-out worker off: takes what the handlers put on the fan-out queue, and keeps it. */
final class FanoutQueueReader {
    private final SqsAsyncClient sqs;
    private final String url;
    private final List<FanoutEvent> taken = new CopyOnWriteArrayList<>();

    FanoutQueueReader(SqsAsyncClient sqs, QueueUrls queues) {
        this.sqs = sqs;
        this.url = queues.of(Queues.FANOUT);
    }

    /** Takes everything off the queue; returns every event taken so far of the conversation. */
    List<FanoutEvent> eventsOf(String conversationId) throws Exception {
        List<Message> got;
        do {
            got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).get().messages();
            for (Message m : got) {
                taken.add(FrameCodec.internalMapper().readValue(m.body(), FanoutEvent.class));
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())).get();
            }
        } while (!got.isEmpty());
        return taken.stream().filter(e -> e.conversationId().equals(conversationId)).toList();
    }
}
