package chat.infra;

import static chat.infra.Cfn.props;
import static org.assertj.core.api.Assertions.assertThat;

import chat.model.schema.Queues;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The dashboard shows delivery latency, errors, queue depth and connections; alarms reach an e-mail if asked. */
class MonitoringTest {
    private static Synth.Result dev;
    private static Synth.Result prod;

    @BeforeAll
    static void synth() {
        dev = Synth.dev();
        prod = Synth.prod();
    }

    @Test
    void dashboardHasLatencyErrorsQueueDepthAndConnections() throws Exception {
        dev.template().resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        Map<String, Object> dashboard = props(Cfn.ofType(dev, "AWS::CloudWatch::Dashboard").values().iterator().next());
        assertThat(dashboard.get("DashboardName")).isEqualTo("chat-dev-overview");
        String body = new ObjectMapper().writeValueAsString(dashboard.get("DashboardBody"));
        // delivery latency, p50 and p99, from the services' own namespace
        assertThat(body).contains("Delivery latency", "\\\"Chat\\\"", "DeliveryLatencyMs",
                "\\\"stat\\\":\\\"p50\\\"", "\\\"stat\\\":\\\"p99\\\"");
        // errors: Lambda errors and 5xx
        assertThat(body).contains("AWS/Lambda", "\\\"Errors\\\"", "AWS/ApiGateway", "5XXError",
                "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count");
        // queue depth
        assertThat(body).contains("AWS/SQS", "ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage");
        // connections: the brokers' own metric and the ALB's
        assertThat(body).contains("\\\"Connections\\\"", "ActiveConnectionCount");
        // every function's errors, invocations and duration
        for (String fn : List.of("api", "fanout", "push", "reaper")) {
            assertThat(body).contains(fn + " Lambda errors", fn + " p99 ms");
        }
    }

    @Test
    void alarmEmailSubscribesToTheAlarmTopic() {
        prod.template().hasResourceProperties("AWS::SNS::Subscription", Match.objectLike(Map.of(
                "Protocol", "email", "Endpoint", "oncall@example.com")));
        dev.template().resourceCountIs("AWS::SNS::Subscription", 0);
    }

    @Test
    void stackOutputsTellWhereToConnect() {
        Map<String, Object> outputs = Cfn.map(dev.json().get("Outputs"));
        assertThat(outputs).containsKeys("WebSocketUrl", "PublicApiUrl", "PrivateApiUrl", "DashboardName",
                "AlarmTopicArn");
        assertThat(outputs.get("WebSocketUrl").toString()).contains("ws://").contains("/v1/ws");
        assertThat(Cfn.map(prod.json().get("Outputs")).get("WebSocketUrl").toString()).contains("wss://");
        // three per queue (DLQ depth, queue age, DLQ age) and the push and reaper functions' errors
        assertThat(List.of(dev, prod)).allSatisfy(r ->
                assertThat(Cfn.ofType(r, "AWS::CloudWatch::Alarm")).hasSize(3 * Queues.all().size() + 2));
    }

    @Test
    void pushAndReaperErrorsAlarmAfterThreeFailedMinutes() {
        for (String fn : List.of("push", "reaper")) {
            dev.template().hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", "chat-dev-" + fn + "-errors",
                    "MetricName", "Errors",
                    "Namespace", "AWS/Lambda",
                    "Threshold", 1,
                    "EvaluationPeriods", Monitoring.FUNCTION_ERROR_MINUTES,
                    "Dimensions", List.of(Map.of("Name", "FunctionName",
                            "Value", Cfn.ref(Cfn.idWhere(dev, "AWS::Lambda::Function", "FunctionName",
                                    "chat-dev-" + fn)))))));
        }
        // the push queue's depth and age alarms are among the queue alarms
        dev.template().hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", Queues.PUSH.fullName(dev.prefix()) + "-oldest-age")));
    }
}
