package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatConnection;
import chat.model.frames.PresenceFrame;
import chat.model.frames.PresenceView;
import chat.model.frames.SendFrame;
import chat.system.ChatSystem;
import chat.system.SystemOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Its own system with two brokers and short liveness settings (heartbeat 1 s, expiry 4 s, reaper every 1 s), so a
 * broker can be killed under connected users.
 */
class BrokerCrashPresenceTest {
    /** Expiry 4 s + reaper period 1 s + liveness cache 1 s + heartbeat spacing, with room for a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    static SystemOptions fastLiveness(Path logs) {
        return SystemOptions.forTests(logs).withInstances(1, 2).withProperties(
                Map.of("chat.presence.broker-expiry", "PT4S", "chat.presence.reaper-interval", "PT1S"),
                Map.of("chat.broker.liveness-interval", "PT1S"));
    }

    @Test
    void usersOfABrokerKilledWithKill9GoOfflineWithinTheBound() throws Exception {
        Path logs = Path.of("target", "e2e-logs", "broker-crash");
        try (ChatSystem system = Warmup.of(ChatSystem.start(fastLiveness(logs)))) {
            TestUsers users = new TestUsers(system);
            TestUsers.User alice = users.register("alice");
            TestUsers.User bob = users.register("bob");
            try (ChatConnection b = users.connect(bob.device(), system.ws(0))) {
                ChatConnection a = users.connect(alice.device(), system.ws(1));
                a.send(new SendFrame(null, null, bob.userId(), "a1", Bodies.of("hi"))).get(10, TimeUnit.SECONDS);
                assertThat(Presence.of(b, alice.userId()).online()).isTrue();

                long killedAt = System.currentTimeMillis();
                system.broker(1).kill9();
                PresenceFrame offline = Frames.await(b, PresenceFrame.class,
                        p -> p.userId().equals(alice.userId()) && Boolean.FALSE.equals(p.online()));
                long detectedMillis = System.currentTimeMillis() - killedAt;
                System.out.printf("offline detection after kill -9 of a broker: %d ms%n", detectedMillis);
                assertThat(detectedMillis).isLessThan(BOUND.toMillis());
                // Last seen is the dead broker's last heartbeat: at most one interval (plus a tick) before the kill.
                assertThat(offline.lastSeen()).isBetween(killedAt - 3000, killedAt);
                PresenceView fresh = Presence.of(b, alice.userId());
                assertThat(fresh.online()).isFalse();
                assertThat(fresh.lastSeen()).isEqualTo(offline.lastSeen());
                a.abort();

                // Alice comes back through the surviving broker and is online again.
                try (ChatConnection again = users.connect(alice.device(), system.ws(0))) {
                    assertThat(Frames.await(b, PresenceFrame.class, p -> p.userId().equals(alice.userId())
                            && Boolean.TRUE.equals(p.online()))).isNotNull();
                }
            }
        }
    }
}
