package chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When the chat screen says "typing" and when it takes it back, on a clock the test moves. */
class TypingSignalTest {
    private final AtomicLong now = new AtomicLong(10_000);
    private final List<Boolean> sent = new CopyOnWriteArrayList<>();
    private final TypingSignal signal = new TypingSignal(sent::add, now::get);

    @Test
    void keysWithinTheRefreshIntervalSendTypingOnceAndAgainAfterIt() {
        signal.draft("h");
        now.addAndGet(TypingSignal.REFRESH_MS - 1);
        signal.draft("he");
        assertThat(sent).containsExactly(true);

        now.addAndGet(1);
        signal.draft("hel");

        assertThat(sent).containsExactly(true, true);
    }

    @Test
    void aPauseOfTheIdleTimeSendsTypingFalseOnce() {
        signal.draft("h");
        now.addAndGet(TypingSignal.IDLE_MS - 1);
        signal.tick();
        assertThat(sent).containsExactly(true);

        now.addAndGet(1);
        signal.tick();
        signal.tick();

        assertThat(sent).containsExactly(true, false);
    }

    @Test
    void emptyingTheLineStopsTyping() {
        signal.draft("x");
        signal.draft("");

        assertThat(sent).containsExactly(true, false);
    }
}
