package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.ChatDevice;
import chat.e2e.ScaledOutSystem.Scaled;
import chat.localstack.AwsClients;
import chat.model.frames.PresenceFrame;
import chat.model.frames.PushKind;
import chat.model.frames.PushRegisteredFrame;
import chat.model.frames.RegisterPushFrame;
import chat.model.frames.ServerFrame;
import chat.model.frames.SubscribePresenceFrame;
import chat.model.frames.PresenceListFrame;
import chat.model.schema.Tables.Connections;
import chat.system.ChatSystem;
import chat.system.ManagedProcess;
import chat.testing.WebPushReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Faults under steady load on the scaled-out system (2 brokers, 2 functions instances): every message SENT is shown
 * exactly once, in order, on every device of every member, and no send fails. Each test prints one line of counts
 * (see {@link Ledger}). A killed process is started again before the test ends.
 */
@ExtendWith(ScaledOutSystem.class)
class FaultToleranceTest {
    private static final Duration BEFORE = Duration.ofSeconds(3);
    private static final Duration AFTER = Duration.ofSeconds(6);

    @Test
    void killingABrokerMovesItsClientsToTheOtherBrokerAndEveryMessageArrivesOnceInOrder(Scaled scaled)
            throws Exception {
        ChatSystem system = scaled.system();
        Ledger.Counts counts = killedUnderLoad(system, system.broker(1), "kill -9 broker");
        counts.assertNothingLostDuplicatedOrReordered();
        assertThat(counts.reconnects()).as("clients of the killed broker reconnected").isPositive();
    }

    @Test
    void killingAFunctionsInstanceMidSendLosesAndDuplicatesNothing(Scaled scaled) throws Exception {
        ChatSystem system = scaled.system();
        killedUnderLoad(system, system.functions(0), "kill -9 functions").assertNothingLostDuplicatedOrReordered();
    }

    /** Kills the process with SIGKILL in the middle of steady load; starts it again once the test is done. */
    private static Ledger.Counts killedUnderLoad(ChatSystem system, ManagedProcess victim, String fault)
            throws Exception {
        try (Cast cast = Cast.assemble(system, fault)) {
            return cast.underLoad(BEFORE, victim::kill9, AFTER);
        } finally {
            system.restart(victim);
        }
    }

    @Test
    void restartingTheDynamoDbEngineUnderLoadLosesNothingThatWasSent(Scaled scaled) throws Exception {
        ChatSystem system = scaled.system();
        try (Cast cast = Cast.assemble(system, "restart DynamoDB engine")) {
            AtomicLong downMillis = new AtomicLong();
            Ledger.Counts counts = cast.underLoad(BEFORE, () -> {
                long started = System.nanoTime();
                system.localStack().restartDynamo();
                downMillis.set((System.nanoTime() - started) / 1_000_000);
            }, AFTER);
            System.out.printf("  DynamoDB engine down for %d ms (killed, started again on its data)%n",
                    downMillis.get());
            counts.assertNothingLostDuplicatedOrReordered();
        }
    }

    @Test
    void fanoutBatchesRedeliveredBySqsShowNoMessageTwice(Scaled scaled) throws Exception {
        ChatSystem system = scaled.system();
        try (Cast cast = Cast.assemble(system, "SQS redelivery")) {
            FanoutDuplicator duplicator = new FanoutDuplicator(system);
            Ledger.Counts counts;
            try {
                counts = cast.underLoad(BEFORE, () -> { }, AFTER);
            } finally {
                duplicator.close();
            }
            System.out.printf("  fan-out messages redelivered: %d (each fanned out twice more)%n", duplicator.caught());
            counts.assertNothingLostDuplicatedOrReordered();
            assertThat(duplicator.caught()).as("batches redelivered").isPositive();
            assertThat(counts.wireDuplicates()).as("repeated pushes the clients dropped").isPositive();
        }
    }

    @Test
    void aDeliveryCallbackToADeadBrokerForgetsTheConnectionAndNotifiesTheDeviceByPush(Scaled scaled)
            throws Exception {
        ChatSystem system = scaled.system();
        try (Cast cast = Cast.assemble(system, "callback to dead broker");
                WebPushReceiver receiver = new WebPushReceiver();
                DynamoDbClient dynamo = AwsClients.dynamo(system.localStack().dynamoEndpoint())) {
            // Erin is connected to broker 1 only, so she stays offline while it is dead; she has a push target.
            TestUsers.User erin = cast.users.register("erin");
            ChatDevice erinDevice = cast.connect("erin", erin.device(), List.of(system.ws(1)), b -> b);
            WebPushReceiver.Subscription push = receiver.subscribe();
            erinDevice.connection().orElseThrow().request(new RegisterPushFrame("push-1", PushKind.WEBPUSH,
                    push.endpoint(), push.p256dh(), push.auth(), null), PushRegisteredFrame.class)
                    .get(10, TimeUnit.SECONDS);
            ChatDevice alice = cast.devices.get("alice-phone"); // on broker 0
            String aliceErin = alice.send(erin.userId(), "hi erin".getBytes(StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS).conversationId();
            cast.ledger.expect(aliceErin, List.of("alice-phone", "alice-laptop", "erin"));
            AtomicLong offlineSeenAt = new AtomicLong();
            alice.addListener(new ChatDevice.Listener() {
                @Override
                public void onFrame(ServerFrame frame) {
                    if (frame instanceof PresenceFrame p && p.userId().equals(erin.userId())
                            && Boolean.FALSE.equals(p.online())) {
                        offlineSeenAt.compareAndSet(0, System.nanoTime());
                    }
                }
            });
            alice.connection().orElseThrow().request(new SubscribePresenceFrame("sub-1", List.of(erin.userId())),
                    PresenceListFrame.class).get(10, TimeUnit.SECONDS);
            String erinDeviceId = erin.device().deviceId();
            assertThat(connectedDevices(dynamo, system, erin.userId())).contains(erinDeviceId);

            Ledger.Counts counts = cast.underLoad(BEFORE, () -> {
                system.broker(1).kill9();
                long killedAt = System.nanoTime();
                alice.send(aliceErin, "are you there?".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
                // Well inside the broker expiry (15 s): the failed callback did this, not the dead-broker reaper.
                Duration bound = Duration.ofSeconds(10);
                await().atMost(bound).until(() -> !connectedDevices(dynamo, system, erin.userId())
                        .contains(erinDeviceId));
                await().atMost(bound).until(() -> offlineSeenAt.get() != 0);
                await().atMost(bound).until(() -> !receiver.received(push).isEmpty());
                System.out.printf("  after kill -9: connection forgotten, erin offline to alice after %d ms, "
                        + "push received%n", (offlineSeenAt.get() - killedAt) / 1_000_000);
                assertThat(receiver.received(push).get(0).payload()).contains(aliceErin).doesNotContain("there");
                system.restart(system.broker(1)); // erin comes back and syncs what she missed
            }, AFTER);
            counts.assertNothingLostDuplicatedOrReordered();
        } finally {
            if (!system.broker(1).isAlive()) {
                system.restart(system.broker(1));
            }
        }
    }

    private static java.util.Set<String> connectedDevices(DynamoDbClient dynamo, ChatSystem system, String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.consistentRead(true)
                .tableName(system.localStack().tableName(Connections.DEF))
                .key(Map.of(Connections.USER_ID, AttributeValue.fromS(userId)))).item();
        AttributeValue devices = item == null ? null : item.get(Connections.DEVICES);
        return devices == null || !devices.hasM() ? java.util.Set.of() : devices.m().keySet();
    }
}
