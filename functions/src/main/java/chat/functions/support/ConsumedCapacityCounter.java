package chat.functions.support;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Measures the DynamoDB capacity units this process consumes, the unit on-demand DynamoDB bills: asks for
 * {@code ReturnConsumedCapacity=TOTAL} on every request that takes it (free on AWS, and dynalite computes it too) and
 * sums the {@code ConsumedCapacity} of the responses. A conditional write whose condition fails returns no
 * {@code ConsumedCapacity} but is still billed (at least one write unit, AWS rounds up by item size), so it counts as
 * one write unit: a lower bound for items over 1 KB. Registered on the DynamoDB clients through configuration, like
 * {@link AwsCallCounter}; the SDK instantiates it, hence the process-wide tally. Like that one it does nothing
 * unless {@code chat.metering.enabled}: asking for the units rebuilds every request.
 */
public class ConsumedCapacityCounter implements ExecutionInterceptor {
    private static final CapacityTally PROCESS = new CapacityTally();
    /** Null when metering is off. */
    private final CapacityTally tally;

    /** The instance the SDK creates: counts into the process-wide tally when metering is on. */
    public ConsumedCapacityCounter() {
        this(AwsCallCounter.meteringEnabled() ? PROCESS : null);
    }

    ConsumedCapacityCounter(CapacityTally tally) {
        this.tally = tally;
    }

    /** Units so far, process-wide (see {@link CapacityTally#snapshot()}). */
    public static Map<String, Double> snapshot() {
        return PROCESS.snapshot();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        if (tally == null) {
            return r;
        }
        // A caller that asked for something itself (e.g. INDEXES) keeps it: TOTAL is included in every other mode.
        if (r instanceof GetItemRequest g && g.returnConsumedCapacity() == null) {
            return g.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (r instanceof PutItemRequest p && p.returnConsumedCapacity() == null) {
            return p.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (r instanceof UpdateItemRequest u && u.returnConsumedCapacity() == null) {
            return u.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (r instanceof DeleteItemRequest d && d.returnConsumedCapacity() == null) {
            return d.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (r instanceof QueryRequest q && q.returnConsumedCapacity() == null) {
            return q.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (r instanceof ScanRequest s && s.returnConsumedCapacity() == null) {
            return s.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (r instanceof BatchGetItemRequest bg && bg.returnConsumedCapacity() == null) {
            return bg.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (r instanceof BatchWriteItemRequest bw && bw.returnConsumedCapacity() == null) {
            return bw.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (tally == null) {
            return;
        }
        SdkResponse r = context.response();
        if (r instanceof GetItemResponse g) {
            add(false, g.consumedCapacity());
        } else if (r instanceof QueryResponse q) {
            add(false, q.consumedCapacity());
        } else if (r instanceof ScanResponse s) {
            add(false, s.consumedCapacity());
        } else if (r instanceof BatchGetItemResponse bg) {
            addAll(false, bg.consumedCapacity());
        } else if (r instanceof PutItemResponse p) {
            add(true, p.consumedCapacity());
        } else if (r instanceof UpdateItemResponse u) {
            add(true, u.consumedCapacity());
        } else if (r instanceof DeleteItemResponse d) {
            add(true, d.consumedCapacity());
        } else if (r instanceof BatchWriteItemResponse bw) {
            addAll(true, bw.consumedCapacity());
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (tally != null && context.exception() instanceof ConditionalCheckFailedException) {
            tally.add(true, tableOf(context.request()), 1);
        }
    }

    private void addAll(boolean write, List<ConsumedCapacity> capacities) {
        capacities.forEach(c -> add(write, c));
    }

    private void add(boolean write, ConsumedCapacity c) {
        if (c == null) {
            return;
        }
        Double units = c.capacityUnits();
        if (units == null) {
            units = write ? c.writeCapacityUnits() : c.readCapacityUnits();
        }
        if (units != null) {
            tally.add(write, c.tableName(), units);
        }
    }

    private static String tableOf(SdkRequest request) {
        if (request instanceof PutItemRequest p) {
            return p.tableName();
        } else if (request instanceof UpdateItemRequest u) {
            return u.tableName();
        } else if (request instanceof DeleteItemRequest d) {
            return d.tableName();
        }
        return null;
    }
}
