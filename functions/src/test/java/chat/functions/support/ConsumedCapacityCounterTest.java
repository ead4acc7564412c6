package chat.functions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

class ConsumedCapacityCounterTest {
    private final CapacityTally tally = new CapacityTally();
    private final ConsumedCapacityCounter counter = new ConsumedCapacityCounter(tally);

    @Test
    void asksForTheTotalOnEveryRequestThatTakesIt() {
        SdkRequest get = modify(GetItemRequest.builder().tableName("t").build());
        SdkRequest query = modify(QueryRequest.builder().tableName("t").build());
        SdkRequest batch = modify(BatchWriteItemRequest.builder().build());

        assertThat(((GetItemRequest) get).returnConsumedCapacity()).isEqualTo(ReturnConsumedCapacity.TOTAL);
        assertThat(((QueryRequest) query).returnConsumedCapacity()).isEqualTo(ReturnConsumedCapacity.TOTAL);
        assertThat(((BatchWriteItemRequest) batch).returnConsumedCapacity()).isEqualTo(ReturnConsumedCapacity.TOTAL);
    }

    @Test
    void leavesAModeTheCallerChoseAndOtherServicesAlone() {
        PutItemRequest indexes = PutItemRequest.builder().tableName("t")
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        SendMessageRequest sqs = SendMessageRequest.builder().queueUrl("q").build();

        assertThat(modify(indexes)).isSameAs(indexes);
        assertThat(modify(sqs)).isSameAs(sqs);
    }

    @Test
    void sumsReadsAndWritesSeparatelyInTotalAndByTable() {
        after(GetItemResponse.builder().consumedCapacity(units("users", 0.5)).build());
        after(QueryResponse.builder().consumedCapacity(units("messages", 1.5)).build());
        after(PutItemResponse.builder().consumedCapacity(units("messages", 1.0)).build());
        after(UpdateItemResponse.builder().consumedCapacity(units("members", 2.0)).build());

        assertThat(tally.snapshot()).containsEntry("DynamoDb.ReadUnits", 2.0)
                .containsEntry("DynamoDb.ReadUnits.users", 0.5).containsEntry("DynamoDb.ReadUnits.messages", 1.5)
                .containsEntry("DynamoDb.WriteUnits", 3.0).containsEntry("DynamoDb.WriteUnits.messages", 1.0)
                .containsEntry("DynamoDb.WriteUnits.members", 2.0);
    }

    @Test
    void addsUpEveryTableOfABatch() {
        after(BatchGetItemResponse.builder().consumedCapacity(units("a", 1.0), units("b", 0.5)).build());
        after(BatchWriteItemResponse.builder().consumedCapacity(units("a", 3.0), units("c", 2.0)).build());

        assertThat(tally.snapshot()).containsEntry("DynamoDb.ReadUnits", 1.5).containsEntry("DynamoDb.WriteUnits", 5.0)
                .containsEntry("DynamoDb.WriteUnits.c", 2.0);
    }

    @Test
    void aResponseWithoutConsumedCapacityAddsNothing() {
        after(GetItemResponse.builder().build());

        assertThat(tally.snapshot()).isEqualTo(Map.of("DynamoDb.ReadUnits", 0.0, "DynamoDb.WriteUnits", 0.0));
    }

    @Test
    void aFailedConditionalWriteCountsOneWriteUnit() {
        PutItemRequest put = PutItemRequest.builder().tableName("claims").item(Map.of("k", AttributeValue.fromS("v")))
                .build();
        counter.onExecutionFailure(new Failed(put, ConditionalCheckFailedException.builder().message("no").build()),
                new ExecutionAttributes());

        assertThat(tally.snapshot()).containsEntry("DynamoDb.WriteUnits", 1.0)
                .containsEntry("DynamoDb.WriteUnits.claims", 1.0);
    }

    private SdkRequest modify(SdkRequest request) {
        return counter.modifyRequest(InterceptorContext.builder().request(request).build(), new ExecutionAttributes());
    }

    private void after(SdkResponse response) {
        counter.afterExecution(InterceptorContext.builder().request(GetItemRequest.builder().build())
                .response(response).build(), new ExecutionAttributes());
    }

    /** The SDK's own implementation is internal. */
    private record Failed(SdkRequest request, Throwable exception) implements Context.FailedExecution {
        @Override
        public Optional<SdkHttpRequest> httpRequest() {
            return Optional.empty();
        }

        @Override
        public Optional<SdkHttpResponse> httpResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SdkResponse> response() {
            return Optional.empty();
        }
    }

    private static ConsumedCapacity units(String table, double units) {
        return ConsumedCapacity.builder().tableName(table).capacityUnits(units).build();
    }
}
