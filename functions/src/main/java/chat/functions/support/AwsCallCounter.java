package chat.functions.support;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call this process makes, by service and operation (e.g. "DynamoDb.PutItem"), so the cost of
 * a message can be measured instead of estimated. Registered on the clients through configuration; the counts are
 * process-wide because the SDK instantiates interceptors itself.
 */
public class AwsCallCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(service + "." + operation, k -> new LongAdder()).increment();
    }

    /** Calls so far, sorted by name. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        CALLS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
