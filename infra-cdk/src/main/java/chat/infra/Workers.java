package chat.infra;

import chat.model.schema.QueueDef;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.constructs.Construct;

/**
 * The functions of the workers zip ({@code -Plambda-workers}), one Quarkus handler each, chosen by
 * {@code QUARKUS_LAMBDA_HANDLER}:
 * <ul>
 *   <li>{@code fanout}: SQS event source on the fanout queue (batches of 10, partial batch failures); in the VPC,
 *       for the brokers' delivery callbacks, sending push jobs through the SQS endpoint;</li>
 *   <li>{@code push}: SQS event source on the push queue; <b>outside</b> the VPC, because it calls Web Push, FCM and
 *       APNs on the internet (the VPC has no NAT gateway), and DynamoDB over its public endpoint;</li>
 *   <li>{@code reaper}: one pass of the broker reaper per invocation of an EventBridge schedule every
 *       {@value #REAPER_RATE_MINUTES} minute (EventBridge's shortest rate; the local timer runs every 5 s); in the
 *       VPC, because it tells presence subscribers through their brokers.</li>
 * </ul>
 */
public final class Workers extends Construct {
    public static final int REAPER_RATE_MINUTES = 1;
    /** Longest a fan-out batch may run: well within the queue's visibility timeout. */
    static final int QUEUE_FUNCTION_TIMEOUT_SECONDS = 20;

    private final Function fanout;
    private final Function push;
    private final Function reaper;
    private final Rule reaperSchedule;

    public Workers(Construct scope, String id, StackSettings settings, Lambdas lambdas, Network network, Storage storage,
            SqsQueues queues) {
        super(scope, id);
        SqsQueues.Pair fanoutQueue = queues.get(chat.model.schema.Queues.FANOUT);
        SqsQueues.Pair pushQueue = queues.get(chat.model.schema.Queues.PUSH);

        fanout = inVpc(lambdas.builder(this, "Fanout", queueSpec(settings, lambdas, "fanout", "fan-out worker",
                fanoutQueue.def(), Map.of())), network);
        consume(lambdas.live(this, "FanoutLive", fanout), fanoutQueue);
        Permissions.grantTables(fanout, "fanout", storage);
        Permissions.grantSend(fanout, pushQueue.queue(), "PushQueueSend");

        push = lambdas.builder(this, "Push", queueSpec(settings, lambdas, "push", "push notification worker",
                pushQueue.def(), lambdas.pushEnv(false))).build();
        consume(lambdas.live(this, "PushLive", push), pushQueue);
        Permissions.grantTables(push, "push", storage);

        reaper = inVpc(lambdas.builder(this, "Reaper", new Lambdas.Spec("reaper",
                "broker reaper (EventBridge, every " + REAPER_RATE_MINUTES + " min)", lambdas.workersCode(), 512, 50,
                Map.of("QUARKUS_LAMBDA_HANDLER", "reaper"))), network);
        Permissions.grantTables(reaper, "reaper", storage);
        reaperSchedule = Rule.Builder.create(this, "ReaperSchedule")
                .ruleName(settings.prefix() + "reaper")
                .description("chat " + settings.stage() + ": one broker reaper pass per minute")
                .schedule(Schedule.rate(Duration.minutes(REAPER_RATE_MINUTES)))
                .targets(List.of(LambdaFunction.Builder.create(lambdas.live(this, "ReaperLive", reaper))
                        .retryAttempts(0).build()))
                .build();
    }

    private static Lambdas.Spec queueSpec(StackSettings settings, Lambdas lambdas, String name, String what,
            QueueDef queue, Map<String, String> env) {
        Map<String, String> all = new java.util.LinkedHashMap<>(env);
        all.put("QUARKUS_LAMBDA_HANDLER", name);
        // must not exceed the queue's visibility timeout, or SQS redelivers while the batch still runs
        int timeout = Math.min(QUEUE_FUNCTION_TIMEOUT_SECONDS, queue.visibilityTimeoutSeconds());
        return new Lambdas.Spec(name, what + " (SQS " + queue.fullName(settings.prefix()) + ")",
                lambdas.workersCode(), 1024, timeout, all);
    }

    private static Function inVpc(Function.Builder builder, Network network) {
        return builder.vpc(network.vpc())
                .vpcSubnets(network.isolatedSubnets())
                .securityGroups(List.of(network.functionsSecurityGroup()))
                .build();
    }

    /**
     * Batches of 10 with partial batch failures. The mapping grants ReceiveMessage, DeleteMessage,
     * ChangeMessageVisibility, GetQueueUrl and GetQueueAttributes on that queue. {@code fn} is the live alias: the
     * mapping invokes the published version, which starts from the SnapStart snapshot.
     */
    private static void consume(IFunction fn, SqsQueues.Pair queue) {
        fn.addEventSource(SqsEventSource.Builder.create(queue.queue())
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build());
    }

    public Function fanout() {
        return fanout;
    }

    public Function push() {
        return push;
    }

    public Function reaper() {
        return reaper;
    }

    public Rule reaperSchedule() {
        return reaperSchedule;
    }
}
