package chat.functions.lambda;

import chat.functions.fanout.FanoutWorker;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The {@code fanout} Lambda function ({@code QUARKUS_LAMBDA_HANDLER=fanout}): batches of the fan-out queue from an
 * SQS event source mapping, handled by the fan-out worker's own batch handling.
 */
@ApplicationScoped
@Named(FanoutHandler.NAME)
public class FanoutHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public static final String NAME = "fanout";
    private final FanoutWorker worker;

    public FanoutHandler(FanoutWorker worker) {
        this.worker = worker;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatches.handle(worker.batch(), event);
    }
}
