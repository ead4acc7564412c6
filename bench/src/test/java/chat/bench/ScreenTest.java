package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chat.model.frames.ChatMessage;
import org.junit.jupiter.api.Test;

class ScreenTest {
    private static ChatMessage m(long seq) {
        return new ChatMessage("g1", seq, "u1", "d1", "c" + seq, "aGk=", 0L);
    }

    @Test
    void anEarlyArrivalWaitsForTheGapAndThenBothShowInOrder() {
        Screen screen = new Screen();
        assertThat(screen.arrive(m(1))).extracting(ChatMessage::seq).containsExactly(1L);
        assertThat(screen.arrive(m(3))).isEmpty();
        assertThat(screen.hasGaps()).isTrue();
        assertThat(screen.arrive(m(2))).extracting(ChatMessage::seq).containsExactly(2L, 3L);
        assertThat(screen.hasGaps()).isFalse();
        assertThat(screen.early()).isEqualTo(1);
        assertThat(screen.shownUpTo("g1")).isEqualTo(3);
    }

    @Test
    void aSecondArrivalOfASeqIsCountedAndNotShown() {
        Screen screen = new Screen();
        screen.arrive(m(1));
        assertThat(screen.arrive(m(1))).isEmpty();
        assertThat(screen.duplicates()).isEqualTo(1);
        assertThat(screen.shown()).isEqualTo(1);
    }
}
