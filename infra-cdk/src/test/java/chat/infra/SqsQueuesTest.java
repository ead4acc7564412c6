package chat.infra;

import static chat.infra.Cfn.getAtt;
import static chat.infra.Cfn.list;
import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;

import chat.model.schema.QueueDef;
import chat.model.schema.Queues;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every queue of {@link Queues#all()} has its DLQ, the schema's timeouts and alarms on DLQ depth and age. */
class SqsQueuesTest {
    private static Synth.Result dev;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
    }

    @Test
    void aQueueAndADlqPerSchemaEntry() {
        dev.template().resourceCountIs("AWS::SQS::Queue", 2 * Queues.all().size());
    }

    @TestFactory
    Stream<DynamicTest> everyQueueHasItsDlqAndAlarms() {
        return Queues.all().stream().map(def -> DynamicTest.dynamicTest(def.name(), () -> {
            String queue = Cfn.idWhere(dev, "AWS::SQS::Queue", "QueueName", def.fullName(dev.prefix()));
            String dlq = Cfn.idWhere(dev, "AWS::SQS::Queue", "QueueName", def.dlqFullName(dev.prefix()));
            Map<String, Object> q = props(Cfn.resource(dev, queue));
            assertThat(q.get("VisibilityTimeout")).isEqualTo(def.visibilityTimeoutSeconds());
            assertThat(q.get("RedrivePolicy")).isEqualTo(Map.of(
                    "deadLetterTargetArn", getAtt(dlq, "Arn"),
                    "maxReceiveCount", def.maxReceiveCount()));
            assertThat(q.get("SqsManagedSseEnabled")).isEqualTo(true);
            Map<String, Object> d = props(Cfn.resource(dev, dlq));
            assertThat(d.get("MessageRetentionPeriod")).isEqualTo(14 * 24 * 3600);
            assertThat(d).doesNotContainKey("RedrivePolicy");

            assertThat(alarms(queue, dlq, def)).isEqualTo(3);
        }));
    }

    /** How many of the expected alarms exist (each with an action). */
    private static int alarms(String queue, String dlq, QueueDef def) {
        int found = 0;
        found += alarm(dlq, "ApproximateNumberOfMessagesVisible", def.dlqFullName(dev.prefix()) + "-depth", 1) ? 1 : 0;
        found += alarm(queue, "ApproximateAgeOfOldestMessage", def.fullName(dev.prefix()) + "-oldest-age",
                Monitoring.QUEUE_AGE_ALARM_SECONDS) ? 1 : 0;
        found += alarm(dlq, "ApproximateAgeOfOldestMessage", def.dlqFullName(dev.prefix()) + "-oldest-age",
                Monitoring.DLQ_AGE_ALARM_DAYS * 86400) ? 1 : 0;
        return found;
    }

    private static boolean alarm(String queueId, String metric, String name, int threshold) {
        return Cfn.ofType(dev, "AWS::CloudWatch::Alarm").values().stream().map(Cfn::props).anyMatch(a ->
                name.equals(a.get("AlarmName"))
                        && "AWS/SQS".equals(a.get("Namespace"))
                        && metric.equals(a.get("MetricName"))
                        && ((Number) a.get("Threshold")).intValue() == threshold
                        && list(a.get("Dimensions")).equals(List.of(Map.of(
                                "Name", "QueueName", "Value", getAtt(queueId, "QueueName"))))
                        && !list(a.get("AlarmActions")).isEmpty());
    }

    @Test
    void alarmsNotifyTheAlarmTopic() {
        String topic = Cfn.idWhere(dev, "AWS::SNS::Topic", "TopicName", dev.prefix() + "alarms");
        assertThat(Cfn.ofType(dev, "AWS::CloudWatch::Alarm").values()).allSatisfy(a ->
                assertThat(list(props(a).get("AlarmActions"))).containsExactly(Cfn.ref(topic)));
    }
}
