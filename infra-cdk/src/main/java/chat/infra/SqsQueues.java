package chat.infra;

import chat.model.schema.QueueDef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * One SQS queue per {@link chat.model.schema.Queues#all()} entry, each with its dead-letter queue
 * ({@link QueueDef#dlqFullName}, {@link QueueDef#maxReceiveCount()}) and the schema's visibility timeout.
 * The alarms on them live in {@link Monitoring}.
 */
public final class SqsQueues extends Construct {
    /** A queue and its DLQ. */
    public record Pair(QueueDef def, Queue queue, Queue dlq) {
    }

    private final Map<QueueDef, Pair> queues = new LinkedHashMap<>();

    public SqsQueues(Construct scope, String id, StackSettings settings) {
        super(scope, id);
        for (QueueDef def : chat.model.schema.Queues.all()) {
            String base = Character.toUpperCase(def.name().charAt(0)) + def.name().substring(1).replace("-", "");
            Queue dlq = Queue.Builder.create(this, base + "Dlq")
                    .queueName(def.dlqFullName(settings.prefix()))
                    .retentionPeriod(Duration.days(14))
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .enforceSsl(true)
                    .removalPolicy(settings.statefulRemovalPolicy())
                    .build();
            Queue queue = Queue.Builder.create(this, base + "Queue")
                    .queueName(def.fullName(settings.prefix()))
                    .visibilityTimeout(Duration.seconds(def.visibilityTimeoutSeconds()))
                    .retentionPeriod(Duration.days(4))
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .enforceSsl(true)
                    .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(def.maxReceiveCount()).build())
                    .removalPolicy(settings.statefulRemovalPolicy())
                    .build();
            queues.put(def, new Pair(def, queue, dlq));
        }
    }

    public Pair get(QueueDef def) {
        Pair pair = queues.get(def);
        if (pair == null) {
            throw new IllegalArgumentException("no queue for " + def.name());
        }
        return pair;
    }

    public Map<QueueDef, Pair> all() {
        return Collections.unmodifiableMap(queues);
    }
}
