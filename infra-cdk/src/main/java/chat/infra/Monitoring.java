package chat.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms (to an SNS topic, optionally mailed to {@code alarmEmail}) and the {@code chat-<stage>} dashboard.
 *
 * <p>Per queue of {@link SqsQueues}: DLQ depth ≥ 1, the queue's oldest message older than {@link #QUEUE_AGE_ALARM_SECONDS}
 * (fan-out is falling behind), and the DLQ's oldest message older than {@link #DLQ_AGE_ALARM_DAYS} days (it will
 * expire from the 14-day DLQ soon). The push and reaper functions: invocation errors in {@link #FUNCTION_ERROR_MINUTES}
 * minutes in a row (the push queue's depth and age are among the queue alarms).
 *
 * <p>The custom metrics are the services' own, emitted as CloudWatch Embedded Metric Format log lines (no
 * PutMetricData permission, no monitoring endpoint in the VPC): namespace {@value #NAMESPACE}, dimension
 * {@code Stage=<stage>}; {@code DeliveryLatencyMs} (milliseconds from the message's server time to its push to a
 * device) and {@code Connections} (each broker node's open WebSockets, emitted once a minute, summed here).
 */
public final class Monitoring extends Construct {
    public static final String NAMESPACE = "Chat";
    public static final String DELIVERY_LATENCY = "DeliveryLatencyMs";
    public static final String CONNECTIONS = "Connections";
    public static final int QUEUE_AGE_ALARM_SECONDS = 60;
    public static final int DLQ_AGE_ALARM_DAYS = 10;
    /** The push and reaper functions alarm when they failed this many minutes in a row. */
    public static final int FUNCTION_ERROR_MINUTES = 3;

    private final Topic alarmTopic;
    private final Dashboard dashboard;
    private final List<Alarm> alarms = new ArrayList<>();

    public Monitoring(Construct scope, String id, StackSettings settings, SqsQueues queues, ApiFunction apiFunction,
            Workers workers, Broker broker) {
        super(scope, id);
        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .topicName(settings.prefix() + "alarms")
                .displayName("chat " + settings.stage() + " alarms")
                .enforceSsl(true)
                .build();
        settings.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));
        SnsAction notify = new SnsAction(alarmTopic);

        Duration minute = Duration.minutes(1);
        for (SqsQueues.Pair q : queues.all().values()) {
            String name = q.def().fullName(settings.prefix());
            String dlqName = q.def().dlqFullName(settings.prefix());
            alarm(Alarm.Builder.create(this, id(q) + "DlqDepth")
                    .alarmName(dlqName + "-depth")
                    .alarmDescription("Messages in " + dlqName + ": " + q.def().maxReceiveCount()
                            + " deliveries of them failed. Inspect, fix, then redrive to " + name + ".")
                    .metric(q.dlq().metricApproximateNumberOfMessagesVisible(
                            MetricOptions.builder().statistic("Maximum").period(minute).build()))
                    .threshold(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build(), notify);
            alarm(Alarm.Builder.create(this, id(q) + "OldestAge")
                    .alarmName(name + "-oldest-age")
                    .alarmDescription("The oldest message in " + name + " waited over " + QUEUE_AGE_ALARM_SECONDS
                            + " s for 3 minutes: the consumers are failing or falling behind.")
                    .metric(q.queue().metricApproximateAgeOfOldestMessage(
                            MetricOptions.builder().statistic("Maximum").period(minute).build()))
                    .threshold(QUEUE_AGE_ALARM_SECONDS)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(3)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build(), notify);
            alarm(Alarm.Builder.create(this, id(q) + "DlqOldestAge")
                    .alarmName(dlqName + "-oldest-age")
                    .alarmDescription("A message in " + dlqName + " is over " + DLQ_AGE_ALARM_DAYS
                            + " days old and will expire at 14 days: redrive or archive it.")
                    .metric(q.dlq().metricApproximateAgeOfOldestMessage(
                            MetricOptions.builder().statistic("Maximum").period(Duration.minutes(5)).build()))
                    .threshold(Duration.days(DLQ_AGE_ALARM_DAYS).toSeconds())
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build(), notify);
        }

        // Invocation errors only: a failed message of a batch is a partial batch failure, retried and in the end
        // caught by the DLQ alarms; these catch a function that crashes or times out, and a reaper that keeps failing.
        Map<String, Function> lambdas = new LinkedHashMap<>();
        lambdas.put("api", apiFunction.api());
        lambdas.put("fanout", workers.fanout());
        lambdas.put("push", workers.push());
        lambdas.put("reaper", workers.reaper());
        for (String name : List.of("push", "reaper")) {
            Function fn = lambdas.get(name);
            alarm(Alarm.Builder.create(this, Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Errors")
                    .alarmName(settings.prefix() + name + "-errors")
                    .alarmDescription("The " + settings.prefix() + name + " function failed in "
                            + FUNCTION_ERROR_MINUTES + " minutes in a row: see its log group.")
                    .metric(fn.metricErrors(MetricOptions.builder().statistic("Sum").period(minute).build()))
                    .threshold(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    .evaluationPeriods(FUNCTION_ERROR_MINUTES)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build(), notify);
        }

        // ---- dashboard ------------------------------------------------------------------------------------
        Map<String, String> stageDim = Map.of("Stage", settings.stage());
        Metric p50 = custom(DELIVERY_LATENCY, "p50", stageDim, "delivery p50");
        Metric p99 = custom(DELIVERY_LATENCY, "p99", stageDim, "delivery p99");
        Metric brokerConnections = custom(CONNECTIONS, "Sum", stageDim, "WebSockets (brokers)");

        List<IMetric> errors = new ArrayList<>();
        List<IMetric> invocations = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        lambdas.forEach((name, fn) -> {
            errors.add(fn.metricErrors(opts("Sum", name + " Lambda errors")));
            invocations.add(fn.metricInvocations(opts("Sum", name)));
            durations.add(fn.metricDuration(opts("p99", name + " p99 ms")));
        });
        errors.addAll(List.of(
                apiFunction.publicApi().metricServerError(opts("Sum", "public API 5xx")),
                apiFunction.privateApi().metricServerError(opts("Sum", "private API 5xx")),
                broker.alb().getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, opts("Sum", "ALB 5xx")),
                broker.alb().getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT,
                        opts("Sum", "broker 5xx"))));
        List<IMetric> depth = new ArrayList<>();
        List<IMetric> age = new ArrayList<>();
        for (SqsQueues.Pair q : queues.all().values()) {
            depth.add(q.queue().metricApproximateNumberOfMessagesVisible(
                    opts("Maximum", q.def().name() + " visible")));
            depth.add(q.queue().metricApproximateNumberOfMessagesNotVisible(
                    opts("Maximum", q.def().name() + " in flight")));
            depth.add(q.dlq().metricApproximateNumberOfMessagesVisible(
                    opts("Maximum", q.def().name() + " DLQ")));
            age.add(q.queue().metricApproximateAgeOfOldestMessage(opts("Maximum", q.def().name() + " oldest (s)")));
        }

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(settings.prefix() + "overview")
                .defaultInterval(Duration.hours(3))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# chat " + settings.stage() + "\nDelivery latency and connections are the services' own"
                        + " metrics (namespace `" + NAMESPACE + "`, dimension `Stage`); the rest is AWS's.")
                .width(24).height(2).build());
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Delivery latency (ms)")
                        .left(List.of(p50, p99)).width(12).height(6).build(),
                GraphWidget.Builder.create().title("Connections")
                        .left(List.of(brokerConnections))
                        .right(List.of(broker.alb().getMetrics().activeConnectionCount(
                                opts("Sum", "ALB active connections"))))
                        .width(12).height(6).build());
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Errors (Lambda errors, 5xx)")
                        .left(errors).width(12).height(6).stacked(false).build(),
                GraphWidget.Builder.create().title("Queue depth")
                        .left(depth).right(age).width(12).height(6).build());
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Functions: invocations and duration p99")
                        .left(invocations)
                        .right(durations)
                        .width(12).height(6).build(),
                GraphWidget.Builder.create().title("Brokers: CPU % and healthy tasks")
                        .left(List.of(broker.service().metricCpuUtilization(opts("Average", "CPU %"))))
                        .right(List.of(broker.targetGroup().getMetrics().healthyHostCount(
                                opts("Average", "healthy tasks"))))
                        .width(12).height(6).build());
    }

    private void alarm(Alarm alarm, SnsAction action) {
        alarm.addAlarmAction(action);
        alarms.add(alarm);
    }

    private static String id(SqsQueues.Pair q) {
        return Character.toUpperCase(q.def().name().charAt(0)) + q.def().name().substring(1).replace("-", "");
    }

    private static MetricOptions opts(String statistic, String label) {
        return MetricOptions.builder().statistic(statistic).label(label).period(Duration.minutes(1)).build();
    }

    private static Metric custom(String name, String statistic, Map<String, String> dims, String label) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(name)
                .dimensionsMap(dims)
                .statistic(statistic)
                .label(label)
                .period(Duration.minutes(1))
                .build();
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}
