package chat.functions.lambda;

import chat.functions.presence.BrokerReaper;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Map;

/**
 * The {@code reaper} Lambda function ({@code QUARKUS_LAMBDA_HANDLER=reaper}), invoked by an EventBridge schedule:
 * one pass of the broker reaper per invocation (the event's content does not matter). A failed pass fails the
 * invocation, so it shows in the function's Errors metric; the next scheduled pass retries.
 */
@ApplicationScoped
@Named(ReaperHandler.NAME)
public class ReaperHandler implements RequestHandler<Map<String, Object>, String> {
    public static final String NAME = "reaper";
    private final BrokerReaper reaper;

    public ReaperHandler(BrokerReaper reaper) {
        this.reaper = reaper;
    }

    @Override
    public String handleRequest(Map<String, Object> scheduledEvent, Context context) {
        return "reaped " + reaper.sweep() + " broker node(s)";
    }
}
