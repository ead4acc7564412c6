package chat.functions.lambda;

import chat.functions.queue.QueueBatch;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;

/**
 * An SQS event source mapping's batch, handled like a batch the local long-poll loop received: the records go to the
 * same {@link QueueBatch}, and the ids it reports failed go back as the partial batch response (the mapping has
 * {@code ReportBatchItemFailures} on), so only those messages are received again.
 */
public final class SqsBatches {
    private SqsBatches() {
    }

    public static SQSBatchResponse handle(QueueBatch<?> batch, SQSEvent event) {
        List<QueueBatch.Received> received = event == null || event.getRecords() == null ? List.of()
                : event.getRecords().stream().map(r -> new QueueBatch.Received(r.getMessageId(), r.getBody()))
                        .toList();
        List<SQSBatchResponse.BatchItemFailure> failures = batch.handle(received).stream()
                .map(SQSBatchResponse.BatchItemFailure::new).toList();
        return new SQSBatchResponse(failures);
    }
}
