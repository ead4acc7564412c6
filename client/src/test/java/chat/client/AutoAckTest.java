package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.frames.AckedFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AutoAckTest {
    private final ManualTimer timer = new ManualTimer();
    private final List<Object[]> sent = new ArrayList<>();
    private final AckCoalescer acks = new AckCoalescer((c, d, r) -> {
        sent.add(new Object[] {d, r});
        return new CompletableFuture<AckedFrame>();
    }, Backoff.defaults(), timer, Duration.ofMillis(100));

    @Test
    void aReaderAcksDeliveredAndReadInOneFrame() {
        AutoAck.of(true, true).shown(acks, "c", 3);
        timer.advanceMillis(100);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).containsExactly(3L, 3L);
    }

    @Test
    void aDeviceThatOnlyAcksDeliveredLeavesReadOut() {
        AutoAck.of(true, false).shown(acks, "c", 3);
        timer.advanceMillis(100);
        assertThat(sent.get(0)).containsExactly(3L, null);
    }

    @Test
    void noneSendsNothing() {
        AutoAck.of(false, false).shown(acks, "c", 3);
        timer.advanceMillis(1000);
        assertThat(sent).isEmpty();
    }
}
