package chat.e2e;

import chat.localstack.AwsClients;
import chat.system.ChatSystem;
import chat.system.ManagedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Looks for plaintexts everywhere the server keeps or writes anything: every item of every DynamoDB table, every
 * message still in an SQS queue (dead-letter queues included; read without consuming), and every log line of every
 * server process. Strings are searched as they are, and inside base64 and binary values decoded.
 */
final class PlaintextScan {
    /** Where a plaintext was found. */
    record Finding(String where, String plaintext) {
    }

    /** What was searched, so a test can tell that the scan saw something at all. */
    record Result(List<Finding> findings, int items, int queueMessages, int logLines) {
    }

    private final ChatSystem system;

    PlaintextScan(ChatSystem system) {
        this.system = system;
    }

    Result scan(List<String> plaintexts) throws IOException {
        List<Finding> findings = new ArrayList<>();
        int items = 0;
        try (DynamoDbClient dynamo = AwsClients.dynamo(system.localStack().dynamoEndpoint())) {
            for (String table : dynamo.listTablesPaginator(b -> { }).tableNames()) {
                for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table)).items()) {
                    items++;
                    String text = texts(item);
                    plaintexts.stream().filter(text::contains).forEach(p -> findings.add(new Finding(table, p)));
                }
            }
        }
        int queueMessages = 0;
        try (SqsClient sqs = AwsClients.sqs(system.localStack().sqsEndpoint())) {
            for (String queue : sqs.listQueues().queueUrls()) {
                // Visibility 0: the messages stay where they are for the system's own consumers.
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                        .visibilityTimeout(0).waitTimeSeconds(0)).messages()) {
                    queueMessages++;
                    String text = decoded(m.body());
                    plaintexts.stream().filter(text::contains).forEach(p -> findings.add(new Finding(queue, p)));
                }
            }
        }
        int logLines = 0;
        for (ManagedProcess process : system.processes()) {
            if (process.log() == null || !Files.exists(process.log())) {
                continue;
            }
            for (String line : Files.readAllLines(process.log(), StandardCharsets.ISO_8859_1)) {
                logLines++;
                String text = decoded(line);
                plaintexts.stream().filter(text::contains)
                        .forEach(p -> findings.add(new Finding(process.name() + " log", p)));
            }
        }
        return new Result(findings, items, queueMessages, logLines);
    }

    private static String texts(Map<String, AttributeValue> item) {
        StringBuilder out = new StringBuilder();
        for (AttributeValue v : item.values()) {
            append(out, v);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, AttributeValue v) {
        if (v.s() != null) {
            out.append(decoded(v.s())).append('\n');
        } else if (v.b() != null) {
            out.append(new String(v.b().asByteArray(), StandardCharsets.ISO_8859_1)).append('\n');
        } else if (v.hasL()) {
            v.l().forEach(e -> append(out, e));
        } else if (v.hasM()) {
            v.m().values().forEach(e -> append(out, e));
        } else if (v.hasSs()) {
            v.ss().forEach(s -> out.append(decoded(s)).append('\n'));
        }
    }

    /** The text itself, and every base64 run in it decoded (bodies travel as base64 inside JSON). */
    private static String decoded(String s) {
        StringBuilder out = new StringBuilder(s).append('\n');
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}").matcher(s);
        while (m.find()) {
            String run = m.group();
            for (int cut = 0; cut < 4; cut++) { // a run may start inside a longer token: try each alignment
                String aligned = run.substring(cut);
                aligned = aligned.substring(0, aligned.length() - aligned.length() % 4);
                try {
                    out.append(new String(Base64.getDecoder().decode(aligned), StandardCharsets.ISO_8859_1))
                            .append('\n');
                } catch (IllegalArgumentException e) {
                    // not base64 at this alignment
                }
            }
        }
        return out.toString();
    }
}
