package chat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.ChatDevice;
import chat.e2e.ScaledOutSystem.Scaled;
import chat.model.frames.MessageFrame;
import chat.model.frames.ServerFrame;
import chat.system.ChatSystem;
import chat.system.ManagedProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A broker that stops answering for a while (a long GC pause, a stalled host: here SIGSTOP for 3 s, well inside the
 * 15 s broker expiry) is slow, not gone: the delivery callbacks to it time out, the fan-out batches come again, and
 * its devices keep their connections and their live messages.
 */
@ExtendWith(ScaledOutSystem.class)
class StalledBrokerTest {
    private static final Duration BEFORE = Duration.ofSeconds(3);
    private static final Duration STOPPED = Duration.ofSeconds(3);
    private static final Duration AFTER = Duration.ofSeconds(8);

    @Test
    void aBrokerStoppedForThreeSecondsKeepsItsDevicesConnectedAndLiveWithNothingLostOrDuplicated(Scaled scaled)
            throws Exception {
        ChatSystem system = scaled.system();
        ManagedProcess broker = system.broker(1);
        try (Cast cast = Cast.assemble(system, "SIGSTOP broker 3 s")) {
            Map<String, String> connectionBefore = new LinkedHashMap<>();
            Map<String, AtomicInteger> liveAfterResume = new LinkedHashMap<>();
            AtomicLong resumedAt = new AtomicLong(Long.MAX_VALUE);
            cast.devices.forEach((name, device) -> {
                connectionBefore.put(name, device.hello().orElseThrow().connectionId());
                AtomicInteger live = new AtomicInteger();
                liveAfterResume.put(name, live);
                device.addListener(new ChatDevice.Listener() {
                    @Override
                    public void onFrame(ServerFrame frame) {
                        if (frame instanceof MessageFrame && System.nanoTime() > resumedAt.get()) {
                            live.incrementAndGet();
                        }
                    }
                });
            });

            Ledger.Counts counts = cast.underLoad(BEFORE, () -> {
                signal(broker, "STOP");
                try {
                    Thread.sleep(STOPPED.toMillis()); // the fault itself is a pause of this length
                } finally {
                    signal(broker, "CONT");
                    resumedAt.set(System.nanoTime());
                }
            }, AFTER);

            counts.assertNothingLostDuplicatedOrReordered();
            assertThat(counts.reconnects()).as("reconnects: " + counts.line()).isZero();
            cast.devices.forEach((name, device) -> {
                assertThat(device.hello().orElseThrow().connectionId()).as(name + "'s connection")
                        .isEqualTo(connectionBefore.get(name));
                assertThat(liveAfterResume.get(name).get()).as(name + ": live message frames after SIGCONT")
                        .isPositive();
            });
        } finally {
            signal(broker, "CONT");
        }
    }

    private static void signal(ManagedProcess process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(kill.waitFor()).as("kill -" + signal + " exit status").isZero();
    }
}
