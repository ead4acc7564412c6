package chat.model.schema;

/**
 * An SQS queue with its dead-letter queue.
 *
 * @param name                     base name; deployments prepend a prefix
 * @param visibilityTimeoutSeconds how long a received message stays hidden before SQS redelivers it
 * @param maxReceiveCount          receives before a message moves to the DLQ
 */
public record QueueDef(String name, int visibilityTimeoutSeconds, int maxReceiveCount) {
    public String fullName(String prefix) {
        return prefix + name;
    }

    public String dlqFullName(String prefix) {
        return prefix + name + "-dlq";
    }
}
