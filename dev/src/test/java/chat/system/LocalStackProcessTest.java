package chat.system;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import chat.localstack.AwsClients;
import chat.model.schema.Buckets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The local stack in a process of its own: what the benchmark runs so that ElasticMQ's CPU is measured apart. */
class LocalStackProcessTest {
    @Test
    void servesEveryApiFromItsOwnProcessWithDynaliteAndS3ProxyAsItsChildrenAndStopsThem(@TempDir Path logs) {
        LocalStackProcess stack = new LocalStackProcess(RepoLayout.locate(), SystemOptions.forTests(logs)
                .withLocalStackProcess(), ChildJvm.command("-Xmx256m", ParentWatchJar.javaAgentOption(logs)));
        stack.start();
        List<ProcessHandle> children;
        try {
            stack.awaitReady(Duration.ofSeconds(90));
            try (DynamoDbClient dynamo = AwsClients.dynamo(stack.dynamoEndpoint());
                    SqsClient sqs = AwsClients.sqs(stack.sqsEndpoint());
                    S3Client s3 = AwsClients.s3(stack.s3Endpoint())) {
                assertThat(dynamo.listTables().tableNames()).anyMatch(t -> t.startsWith("chat-"));
                assertThat(sqs.listQueues().queueUrls()).anyMatch(u -> u.contains("chat-"));
                assertThat(s3.listBuckets().buckets()).extracting(Bucket::name)
                        .contains(Buckets.Media.DEF.fullName("chat-"));
            }
            children = ProcessHandle.of(stack.pid()).orElseThrow().children().toList();
            assertThat(children).as("dynalite and s3proxy").hasSize(2);
            assertThat(stack.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(ProcessHandle.of(stack.dynalitePid()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                    .isEqualTo(Optional.of(stack.pid()));
        } finally {
            stack.stop();
        }
        assertThat(ProcessHandle.of(stack.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.of(stack.dynalitePid()).filter(ProcessHandle::isAlive)).isEmpty();
        await().atMost(Duration.ofSeconds(15)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }
}
