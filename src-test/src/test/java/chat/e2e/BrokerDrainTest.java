package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.client.ChatDevice;
import chat.client.CloseInfo;
import chat.e2e.ScaledOutSystem.Scaled;
import chat.localstack.AwsClients;
import chat.model.CloseCodes;
import chat.model.schema.Tables.Connections;
import chat.system.ChatSystem;
import chat.system.ManagedProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A broker stopped with SIGTERM (as an orchestrator stops it) drains: it closes every socket with 1001, removes its
 * connections from the store and exits within its drain timeout; its clients reconnect to the other broker under
 * steady load and every message is shown exactly once, in order.
 */
@ExtendWith(ScaledOutSystem.class)
class BrokerDrainTest {
    private static final Duration BEFORE = Duration.ofSeconds(3);
    private static final Duration AFTER = Duration.ofSeconds(6);
    /** The broker's default chat.broker.drain-timeout, plus the JVM's own stop on a loaded machine. */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(20 + 15);

    @Test
    void aBrokerStoppedWithSigtermClosesWith1001UnregistersAndItsClientsMissNothingOnTheOtherBroker(Scaled scaled)
            throws Exception {
        ChatSystem system = scaled.system();
        ManagedProcess victim = system.broker(1);
        int victimPort = system.ws(1).getPort();
        try (Cast cast = Cast.assemble(system, "SIGTERM broker");
                DynamoDbClient dynamo = AwsClients.dynamo(system.localStack().dynamoEndpoint())) {
            // Erin holds a plain connection to the drained broker and does not reconnect: the store must forget it.
            TestUsers.User erin = cast.users.register("erin");
            ChatConnection erinOnVictim = cast.users.connect(erin.device(), system.ws(1));
            assertThat(connectedDevices(dynamo, system, erin.userId())).contains(erin.device().deviceId());

            Map<String, CompletableFuture<CloseInfo>> closes = new LinkedHashMap<>();
            AtomicLong exitMillis = new AtomicLong(-1);
            AtomicReference<Set<String>> erinAtExit = new AtomicReference<>();
            Ledger.Counts counts = cast.underLoad(BEFORE, () -> {
                cast.devices.forEach((name, device) -> device.connection()
                        .filter(c -> c.uri().getPort() == victimPort)
                        .ifPresent(c -> closes.put(name, c.closed())));
                closes.put("erin", erinOnVictim.closed());
                long sigterm = System.nanoTime();
                ProcessHandle.of(victim.pid()).orElseThrow().destroy(); // SIGTERM
                if (victim.exitsWithin(EXIT_BOUND)) {
                    exitMillis.set((System.nanoTime() - sigterm) / 1_000_000);
                }
                erinAtExit.set(connectedDevices(dynamo, system, erin.userId()));
            }, AFTER);
            System.out.printf("  drained broker exited %d ms after SIGTERM; closes seen: %s%n", exitMillis.get(),
                    closes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().getNow(null)).toList());

            assertThat(exitMillis.get()).as("exited within %s of SIGTERM", EXIT_BOUND).isNotNegative();
            assertThat(closes).hasSizeGreaterThan(1);
            for (Map.Entry<String, CompletableFuture<CloseInfo>> e : closes.entrySet()) {
                CloseInfo info = e.getValue().get(10, TimeUnit.SECONDS);
                assertThat(info.code()).as(e.getKey() + " closed with " + info).isEqualTo(CloseCodes.GOING_AWAY);
                assertThat(info.byServer()).as(e.getKey()).isTrue();
            }
            counts.assertNothingLostDuplicatedOrReordered();
            assertThat(counts.reconnects()).as("clients of the drained broker reconnected").isPositive();
            for (String name : closes.keySet()) {
                ChatDevice device = cast.devices.get(name);
                if (device != null) {
                    assertThat(device.connection().orElseThrow().uri().getPort()).as(name + " now on broker 0")
                            .isEqualTo(system.ws(0).getPort());
                }
            }
            // Removed by the drain itself, before the exit, not later by the reaper of dead brokers.
            assertThat(erinAtExit.get()).as("erin's connections in the store when the broker had exited").isEmpty();
        } finally {
            if (!victim.isAlive()) {
                system.restart(victim);
            }
        }
    }

    private static Set<String> connectedDevices(DynamoDbClient dynamo, ChatSystem system, String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.consistentRead(true)
                .tableName(system.localStack().tableName(Connections.DEF))
                .key(Map.of(Connections.USER_ID, AttributeValue.fromS(userId)))).item();
        AttributeValue devices = item == null ? null : item.get(Connections.DEVICES);
        return devices == null || !devices.hasM() ? Set.of() : devices.m().keySet();
    }
}
