package chat.functions.api;

import chat.functions.queue.QueueUrls;
import chat.functions.store.TableNames;
import chat.model.schema.Queues;
import chat.model.schema.Tables;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Ready only when DynamoDB and SQS answer. Checking also warms both clients (connection pools, queue URL), so the
 * first message after a start does not pay for that.
 */
@Readiness
@ApplicationScoped
public class BackendsReady implements HealthCheck {
    private final DynamoDbClient dynamo;
    private final TableNames tables;
    private final QueueUrls queues;

    public BackendsReady(DynamoDbClient dynamo, TableNames tables, QueueUrls queues) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.queues = queues;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            dynamo.describeTable(b -> b.tableName(tables.of(Tables.Messages.DEF)));
            queues.of(Queues.FANOUT);
            return HealthCheckResponse.up("backends");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("backends").down().withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
