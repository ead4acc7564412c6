package chat.functions.queue;

import chat.model.frames.FrameCodec;
import chat.model.schema.QueueDef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * What to do with one received batch of a queue, wherever it was received: by the long-polling
 * {@link QueueConsumer} here, or by an SQS event source mapping on AWS Lambda. Bodies are decoded and handed to the
 * handler together; the answer is the ids of the messages that must come again.
 *
 * <ul>
 *   <li>an unreadable body cannot become readable by retrying: it is logged and counts as done;</li>
 *   <li>if the handler throws for the batch, each message is handled again on its own, so one bad message fails
 *       alone instead of taking its batch-mates to the dead-letter queue with it. Handling twice is safe: devices
 *       de-duplicate by seq and push claims collapse.</li>
 * </ul>
 *
 * @param <T> the JSON body type of the queue's messages
 */
public final class QueueBatch<T> {
    private static final Logger LOG = Logger.getLogger(QueueBatch.class);
    private final QueueDef queue;
    private final Class<T> type;
    private final Consumer<List<T>> handler;

    /** A received message: its id (SQS message id) and body. */
    public record Received(String id, String body) {
    }

    public QueueBatch(QueueDef queue, Class<T> type, Consumer<List<T>> handler) {
        this.queue = queue;
        this.type = type;
        this.handler = handler;
    }

    public QueueDef queue() {
        return queue;
    }

    /** Handles the messages; returns the ids of those that failed (empty when all are done). */
    public List<String> handle(List<Received> messages) {
        List<Received> readable = new ArrayList<>();
        List<T> bodies = new ArrayList<>();
        for (Received m : messages) {
            try {
                bodies.add(FrameCodec.internalMapper().readValue(m.body(), type));
                readable.add(m);
            } catch (IOException unreadable) {
                LOG.errorf("dropping unreadable %s message %s", queue.name(), m.id());
            }
        }
        if (bodies.isEmpty() || run(bodies)) {
            return List.of();
        }
        if (bodies.size() == 1) {
            return List.of(readable.get(0).id());
        }
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            if (!run(List.of(bodies.get(i)))) {
                failed.add(readable.get(i).id());
            }
        }
        LOG.warnf("%s batch of %d failed; %d failed again alone: %s", queue.name(), bodies.size(), failed.size(),
                failed);
        return failed;
    }

    private boolean run(List<T> bodies) {
        try {
            handler.accept(bodies);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("%s handler failed on %d message(s): %s", queue.name(), bodies.size(), e.toString());
            return false;
        }
    }
}
