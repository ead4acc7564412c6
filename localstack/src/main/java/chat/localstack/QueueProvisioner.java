package chat.localstack;

import chat.model.schema.QueueDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Creates each queue of {@code Queues.all()} with its DLQ and redrive policy, keeping queues that already exist. */
final class QueueProvisioner {
    private QueueProvisioner() {
    }

    /** A queue as provisioned: the URL of the main queue and of its dead-letter queue. */
    record ProvisionedQueue(String url, String dlqUrl) {
    }

    static Map<QueueDef, ProvisionedQueue> ensure(SqsClient sqs, String prefix, List<QueueDef> defs) {
        Map<QueueDef, ProvisionedQueue> urls = new LinkedHashMap<>();
        for (QueueDef def : defs) {
            String dlqUrl = getOrCreate(sqs, def.dlqFullName(prefix), Map.of());
            String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String url = getOrCreate(sqs, def.fullName(prefix), Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(def.visibilityTimeoutSeconds()),
                    QueueAttributeName.REDRIVE_POLICY, redrivePolicy(def, dlqArn)));
            urls.put(def, new ProvisionedQueue(url, dlqUrl));
        }
        return urls;
    }

    static String redrivePolicy(QueueDef def, String dlqArn) {
        return "{\"maxReceiveCount\":" + def.maxReceiveCount() + ",\"deadLetterTargetArn\":\"" + dlqArn + "\"}";
    }

    private static String getOrCreate(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        try {
            return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            return sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        }
    }
}
