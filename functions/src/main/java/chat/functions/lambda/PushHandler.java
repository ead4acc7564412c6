package chat.functions.lambda;

import chat.functions.push.PushWorker;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The {@code push} Lambda function ({@code QUARKUS_LAMBDA_HANDLER=push}): batches of the push queue from an SQS
 * event source mapping, handled by the push worker's own batch handling.
 */
@ApplicationScoped
@Named(PushHandler.NAME)
public class PushHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public static final String NAME = "push";
    private final PushWorker worker;

    public PushHandler(PushWorker worker) {
        this.worker = worker;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatches.handle(worker.batch(), event);
    }
}
