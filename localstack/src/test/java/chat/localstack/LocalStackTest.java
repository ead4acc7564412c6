package chat.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.schema.QueueDef;
import chat.model.schema.Queues;
import chat.model.schema.TableDef;
import chat.model.schema.Tables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Runs against real dynalite and ElasticMQ: these tests document the engine behaviour the system relies on. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalStackTest {
    @TempDir
    Path tmp;

    private LocalStack memory;
    private DynamoDbClient dynamo;
    private SqsClient sqs;

    @BeforeAll
    void startInMemoryStack(@TempDir Path logs) {
        memory = new LocalStack(LocalStackConfig.inMemory(logs)).start();
        dynamo = AwsClients.dynamo(memory.dynamoEndpoint());
        sqs = AwsClients.sqs(memory.sqsEndpoint());
    }

    @AfterAll
    void stopInMemoryStack() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {dynamo, sqs, memory}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void createsEveryTableWithTheKeySchemaAndIndexesOfItsTableDef() {
        assertThat(dynamo.listTables().tableNames()).containsExactlyInAnyOrderElementsOf(
                Tables.all().stream().map(memory::tableName).toList());
        for (TableDef def : Tables.all()) {
            TableDescription table = dynamo.describeTable(r -> r.tableName(memory.tableName(def))).table();
            assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
            assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
            assertThat(keys(table.keySchema())).as(def.name())
                    .isEqualTo(expectedKeys(def.partitionKey(), def.sortKey()));
            Map<String, String> types = table.attributeDefinitions().stream()
                    .collect(Collectors.toMap(a -> a.attributeName(), a -> a.attributeTypeAsString()));
            assertThat(types).as(def.name()).containsEntry(def.partitionKey().name(), def.partitionKey().type().name());
            def.sortKeyOpt().ifPresent(k -> assertThat(types).as(def.name()).containsEntry(k.name(), k.type().name()));

            assertThat(table.globalSecondaryIndexes()).as(def.name()).hasSameSizeAs(def.indexes());
            for (TableDef.Index index : def.indexes()) {
                GlobalSecondaryIndexDescription gsi = table.globalSecondaryIndexes().stream()
                        .filter(g -> g.indexName().equals(index.name())).findFirst().orElseThrow();
                assertThat(keys(gsi.keySchema())).isEqualTo(expectedKeys(index.partitionKey(), index.sortKey()));
                assertThat(gsi.projection().projectionType()).isEqualTo(ProjectionType.ALL);
                assertThat(types).containsEntry(index.partitionKey().name(), index.partitionKey().type().name());
            }
        }
    }

    @Test
    void createsEveryQueueWithItsDlqVisibilityTimeoutAndRedrivePolicy() {
        for (QueueDef def : Queues.all()) {
            String dlqUrl = sqs.getQueueUrl(r -> r.queueName(def.dlqFullName("chat-"))).queueUrl();
            assertThat(memory.dlqUrl(def)).isEqualTo(dlqUrl);
            assertThat(memory.queueUrl(def)).isEqualTo(sqs.getQueueUrl(r -> r.queueName(def.fullName("chat-")))
                    .queueUrl()).startsWith(memory.sqsEndpoint().toString());
            String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(memory.queueUrl(def))
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                    .isEqualTo(Integer.toString(def.visibilityTimeoutSeconds()));
            assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY).replace(" ", ""))
                    .contains("\"deadLetterTargetArn\":\"" + dlqArn + "\"")
                    .containsPattern("\"maxReceiveCount\":\"?" + def.maxReceiveCount() + "\"?");
        }
    }

    /** The fan-out worker relies on a message moving to the DLQ after maxReceiveCount failed receives. */
    @Test
    void redrivesAMessageToTheDlqAfterMaxReceiveCountReceives() {
        QueueDef def = Queues.FANOUT;
        String url = memory.queueUrl(def);
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("poison"));
        for (int i = 0; i < def.maxReceiveCount(); i++) {
            Message message = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages().get(0);
            // Visibility 0 stands in for the 30 s timeout of a worker that failed without deleting the message.
            sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(message.receiptHandle())
                    .visibilityTimeout(0));
        }
        assertThat(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(0)).messages()).isEmpty();
        List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(memory.dlqUrl(def)).waitTimeSeconds(1)).messages();
        assertThat(dead).extracting(Message::body).containsExactly("poison");
    }

    @Test
    void conditionalPutFailureSurfacesAsConditionalCheckFailedException() {
        String table = memory.tableName(Tables.Handles.DEF);
        Map<String, AttributeValue> item = Map.of(Tables.Handles.HANDLE, s("alice"), Tables.Handles.USER_ID, s("u1"));
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(#h)")
                .expressionAttributeNames(Map.of("#h", Tables.Handles.HANDLE)));
        assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName(table)
                .item(Map.of(Tables.Handles.HANDLE, s("alice"), Tables.Handles.USER_ID, s("u2")))
                .conditionExpression("attribute_not_exists(#h)")
                .expressionAttributeNames(Map.of("#h", Tables.Handles.HANDLE))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(dynamo.getItem(r -> r.tableName(table).key(Map.of(Tables.Handles.HANDLE, s("alice"))))
                .item().get(Tables.Handles.USER_ID).s()).isEqualTo("u1");
    }

    @Test
    void onDiskDataSurvivesADynamoRestart() {
        try (LocalStack disk = new LocalStack(LocalStackConfig.onDisk(tmp.resolve("restart"), tmp.resolve("logs")))
                .start(); DynamoDbClient client = AwsClients.dynamo(disk.dynamoEndpoint())) {
            putUser(client, disk, "u-restart");
            disk.restartDynamo();
            assertThat(getUser(client, disk, "u-restart")).isNotEmpty();
        }
    }

    @Test
    void startingTwiceOnTheSameDataDirKeepsTablesAndData() {
        LocalStackConfig config = LocalStackConfig.onDisk(tmp.resolve("twice"), tmp.resolve("logs"));
        try (LocalStack first = new LocalStack(config).start();
             DynamoDbClient client = AwsClients.dynamo(first.dynamoEndpoint())) {
            putUser(client, first, "u-twice");
        }
        try (LocalStack second = new LocalStack(config).start();
             DynamoDbClient client = AwsClients.dynamo(second.dynamoEndpoint())) {
            assertThat(getUser(client, second, "u-twice")).isNotEmpty();
            assertThat(client.listTables().tableNames()).hasSize(Tables.all().size());
        }
    }

    private static void putUser(DynamoDbClient client, LocalStack stack, String userId) {
        client.putItem(r -> r.tableName(stack.tableName(Tables.Users.DEF))
                .item(Map.of(Tables.Users.USER_ID, s(userId), Tables.Users.HANDLE, s("h-" + userId))));
    }

    private static Map<String, AttributeValue> getUser(DynamoDbClient client, LocalStack stack, String userId) {
        return client.getItem(r -> r.tableName(stack.tableName(Tables.Users.DEF)).consistentRead(true)
                .key(Map.of(Tables.Users.USER_ID, s(userId)))).item();
    }

    private static List<String> keys(List<KeySchemaElement> schema) {
        return schema.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList();
    }

    private static List<String> expectedKeys(TableDef.Key partition, TableDef.Key sort) {
        return sort == null ? List.of(partition.name() + ":HASH")
                : List.of(partition.name() + ":HASH", sort.name() + ":RANGE");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
