package chat.system;

import static org.assertj.core.api.Assertions.assertThat;

import chat.localstack.AwsClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The local stack in a process of its own: what the benchmark runs so that ElasticMQ's CPU is measured apart. */
class LocalStackProcessTest {
    @Test
    void servesBothApisFromItsOwnProcessWithDynaliteAsItsChildAndStopsBoth(@TempDir Path logs) {
        LocalStackProcess stack = new LocalStackProcess(RepoLayout.locate(), SystemOptions.forTests(logs)
                .withLocalStackProcess(), ChildJvm.command("-Xmx256m", ParentWatchJar.javaAgentOption(logs)));
        stack.start();
        try {
            stack.awaitReady(Duration.ofSeconds(90));
            try (DynamoDbClient dynamo = AwsClients.dynamo(stack.dynamoEndpoint());
                    SqsClient sqs = AwsClients.sqs(stack.sqsEndpoint())) {
                assertThat(dynamo.listTables().tableNames()).anyMatch(t -> t.startsWith("chat-"));
                assertThat(sqs.listQueues().queueUrls()).anyMatch(u -> u.contains("chat-"));
            }
            assertThat(stack.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(ProcessHandle.of(stack.dynalitePid()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                    .isEqualTo(Optional.of(stack.pid()));
        } finally {
            stack.stop();
        }
        assertThat(ProcessHandle.of(stack.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.of(stack.dynalitePid()).filter(ProcessHandle::isAlive)).isEmpty();
    }
}
