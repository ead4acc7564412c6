package chat.functions.support;

import chat.functions.ChatConfig;
import io.smallrye.config.SmallRyeConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call this process makes, failed ones included, by service and operation (e.g.
 * "DynamoDb.PutItem"), so the cost of a message can be measured instead of estimated. Registered on the clients
 * through configuration; the counts are process-wide because the SDK instantiates interceptors itself. Does nothing unless {@code chat.metering.enabled}
 * (the interceptor list is fixed at build time, so the switch is here).
 */
public class AwsCallCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    private final boolean enabled;

    /** The instance the SDK creates when it builds a client: reads the switch from the configuration. */
    public AwsCallCounter() {
        this(meteringEnabled());
    }

    AwsCallCounter(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@code chat.metering.enabled}, read through the mapping since the SDK, not CDI, creates the interceptors. */
    static boolean meteringEnabled() {
        return ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(ChatConfig.class).metering()
                .enabled();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes);
    }

    /** A call that failed was still made (and billed: a write whose condition fails costs its units). */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(attributes);
    }

    private void count(ExecutionAttributes attributes) {
        if (!enabled) {
            return;
        }
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
