package chat.functions.store;

import chat.localstack.LocalStack;
import chat.localstack.LocalStackConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An in-memory local stack and a DynamoDB client of its own on it, with an interceptor standing in for what dynalite
 * never does (throttling, a lost answer): for table classes tested outside CDI.
 */
final class InterceptedDynamo implements AutoCloseable {
    final LocalStack stack;
    final DynamoDbClient dynamo;

    InterceptedDynamo(ExecutionInterceptor standIn) {
        this.stack = new LocalStack(LocalStackConfig.inMemory(null)).start();
        this.dynamo = DynamoDbClient.builder().endpointOverride(stack.dynamoEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(standIn))
                .build();
    }

    /** The table names of this stack, as the functions would see them. */
    TableNames tableNames() {
        return new TableNames(stack.config().tablesPrefix());
    }

    @Override
    public void close() {
        dynamo.close();
        stack.close();
    }
}
