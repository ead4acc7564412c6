package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SilenceWatch on a manual clock: when it pings, when it gives a connection up, and when it keeps quiet. */
class SilenceWatchTest {
    private static final Duration LIMIT = Duration.ofSeconds(40);

    private final ManualTimer timer = new ManualTimer();
    private final List<String> actions = new ArrayList<>();
    private SilenceWatch watch;

    @BeforeEach
    void start() {
        watch = new SilenceWatch(timer, LIMIT, new SilenceWatch.Actions() {
            @Override
            public void ping() {
                actions.add("ping");
            }

            @Override
            public void giveUp(Duration silent) {
                actions.add("give up after " + silent.toSeconds() + " s");
            }
        });
        watch.start();
    }

    @Test
    void aConnectionThatKeepsTalkingIsNeverPinged() {
        for (int i = 0; i < 20; i++) {
            timer.advance(Duration.ofSeconds(20));
            watch.heard();
        }
        assertThat(actions).isEmpty();
    }

    @Test
    void aSilenceOfTheLimitBringsOnePing() {
        timer.advance(Duration.ofSeconds(39));
        assertThat(actions).isEmpty();
        timer.advance(Duration.ofSeconds(11));
        assertThat(actions).containsExactly("ping");
    }

    @Test
    void anAnsweredPingKeepsTheConnection() {
        timer.advance(Duration.ofSeconds(50));
        watch.heard(); // the pong
        timer.advance(Duration.ofSeconds(39));
        assertThat(actions).containsExactly("ping");
        timer.advance(Duration.ofSeconds(11));
        assertThat(actions).containsExactly("ping", "ping");
    }

    @Test
    void noAnswerForTwiceTheLimitGivesTheConnectionUpOnce() {
        timer.advance(Duration.ofSeconds(79));
        assertThat(actions).containsExactly("ping");
        timer.advance(Duration.ofSeconds(11));
        assertThat(actions).containsExactly("ping", "give up after 80 s");
        timer.advance(Duration.ofMinutes(10));
        assertThat(actions).hasSize(2);
    }

    @Test
    void aShorterLimitAppliesFromTheNextCheck() {
        watch.limit(Duration.ofSeconds(10));
        timer.advance(Duration.ofSeconds(10)); // the check scheduled for the old limit (at 10 s) sees the new one
        timer.advance(Duration.ofSeconds(5));
        assertThat(actions).containsExactly("ping");
    }

    @Test
    void aStoppedWatchDoesNothing() {
        watch.stop();
        timer.advance(Duration.ofMinutes(10));
        assertThat(actions).isEmpty();
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> watch.limit(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionOptions(Duration.ofSeconds(1), 10, null, null, FrameTap.NONE,
                Duration.ofSeconds(-1))).hasMessageContaining("silenceLimit");
    }
}
