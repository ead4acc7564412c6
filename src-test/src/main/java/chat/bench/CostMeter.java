package chat.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** AWS calls made by the functions between start and stop, per delivered message. */
final class CostMeter {
    private final FunctionsStats stats;
    private final Map<String, Long> before;

    private CostMeter(FunctionsStats stats) throws Exception {
        this.stats = stats;
        this.before = stats.read();
    }

    static CostMeter start(BenchContext context) throws Exception {
        return new CostMeter(context.stats());
    }

    Map<String, Object> stop(long deliveredMessages) throws Exception {
        AwsCalls calls = AwsCalls.between(before, stats.read());
        double n = Math.max(1, deliveredMessages);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("dynamoWriteRequestsPerMessage", AwsCalls.round(calls.dynamoWriteRequests() / n));
        f.put("dynamoReadRequestsPerMessage", AwsCalls.round(calls.dynamoReadRequests() / n));
        f.put("sqsRequestsPerMessage", AwsCalls.round(calls.sqsRequests() / n));
        f.put("awsCallsPerMessage", calls.per(Math.max(1, deliveredMessages)));
        return f;
    }
}
