package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.frames.ChatMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConversationInboxTest {
    private static final String A = "dm.u0000000000000001.u0000000000000002";
    private static final String B = "g0000000000000003";

    private final AtomicLong clock = new AtomicLong();
    private final ConversationInbox inbox = new ConversationInbox(clock::get);

    static ChatMessage msg(String conversation, long seq) {
        return new ChatMessage(conversation, seq, "u0000000000000001", "d0000000000000001", "c" + seq, "aGk=",
                1_000 + seq);
    }

    static List<Long> seqs(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::seq).toList();
    }

    @Test
    void inOrderMessagesAreDeliveredOneByOne() {
        assertThat(seqs(inbox.offer(msg(A, 1)))).containsExactly(1L);
        assertThat(seqs(inbox.offer(msg(A, 2)))).containsExactly(2L);
        assertThat(inbox.contiguous(A)).isEqualTo(2);
        assertThat(inbox.hasGap(A)).isFalse();
        assertThat(inbox.delivered()).isEqualTo(2);
    }

    @Test
    void outOfOrderMessagesWaitUntilTheGapIsFilledThenComeOutInOrder() {
        assertThat(inbox.offer(msg(A, 3))).isEmpty();
        assertThat(inbox.offer(msg(A, 2))).isEmpty();
        assertThat(inbox.hasGap(A)).isTrue();
        assertThat(inbox.buffered(A)).isEqualTo(2);
        assertThat(inbox.firstBuffered(A)).contains(2L);
        assertThat(inbox.contiguous(A)).isZero();

        assertThat(seqs(inbox.offer(msg(A, 1)))).containsExactly(1L, 2L, 3L);
        assertThat(inbox.contiguous(A)).isEqualTo(3);
        assertThat(inbox.hasGap(A)).isFalse();
        assertThat(inbox.buffered(A)).isZero();
    }

    @Test
    void duplicatesAreDroppedAndCounted() {
        inbox.offer(msg(A, 1));
        inbox.offer(msg(A, 3));
        assertThat(inbox.offer(msg(A, 1))).as("already delivered").isEmpty();
        assertThat(inbox.offer(msg(A, 3))).as("already buffered").isEmpty();
        assertThat(inbox.duplicates(A)).isEqualTo(2);
        assertThat(inbox.duplicates()).isEqualTo(2);
        assertThat(seqs(inbox.offer(msg(A, 2)))).containsExactly(2L, 3L);
        assertThat(inbox.offer(msg(A, 2))).isEmpty();
        assertThat(inbox.duplicates(A)).isEqualTo(3);
    }

    @Test
    void conversationsAreIndependent() {
        inbox.offer(msg(A, 1));
        assertThat(inbox.offer(msg(B, 2))).isEmpty();
        assertThat(inbox.hasGap(A)).isFalse();
        assertThat(inbox.hasGap(B)).isTrue();
        assertThat(inbox.gaps()).containsExactly(B);
        assertThat(inbox.cursors()).isEqualTo(Map.of(A, 1L, B, 0L));
        assertThat(inbox.contiguous("g9999999999999999")).isZero();
    }

    @Test
    void gapAgeCountsFromWhenTheGapOpenedAndRestartsOnProgress() {
        assertThat(inbox.gapAge(A)).isEmpty();
        clock.set(1_000);
        inbox.offer(msg(A, 3));
        clock.set(1_000 + Duration.ofMillis(700).toNanos());
        inbox.offer(msg(A, 5)); // the same gap, still no progress
        assertThat(inbox.gapAge(A)).contains(Duration.ofMillis(700));

        inbox.offer(msg(A, 1)); // progress (1), but 2 is still missing: the clock restarts
        assertThat(inbox.contiguous(A)).isEqualTo(1);
        assertThat(inbox.gapAge(A)).contains(Duration.ZERO);

        clock.addAndGet(Duration.ofMillis(1500).toNanos());
        assertThat(inbox.gapAge(A)).contains(Duration.ofMillis(1500));
        inbox.offer(msg(A, 2)); // 2,3 delivered, 5 waits for 4
        assertThat(inbox.contiguous(A)).isEqualTo(3);
        assertThat(inbox.gapAge(A)).contains(Duration.ZERO);
        inbox.offer(msg(A, 4));
        assertThat(inbox.gapAge(A)).isEmpty();
    }

    @Test
    void syncPagesMergeWithLiveMessagesAndNothingShowsTwice() {
        // Live messages 4 and 6 arrive while the device was catching up; the sync answer (1..6) fills in around them.
        List<ChatMessage> shown = new ArrayList<>();
        shown.addAll(inbox.offer(msg(A, 4)));
        shown.addAll(inbox.offer(msg(A, 6)));
        shown.addAll(inbox.offerAll(List.of(msg(A, 1), msg(A, 2), msg(A, 3))));
        assertThat(seqs(shown)).containsExactly(1L, 2L, 3L, 4L);
        shown.addAll(inbox.offerAll(List.of(msg(A, 4), msg(A, 5), msg(A, 6))));
        assertThat(seqs(shown)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(inbox.duplicates(A)).isEqualTo(2);
        assertThat(inbox.cursors()).containsEntry(A, 6L);
    }

    @Test
    void setStartSkipsSeqsBeforeTheDevicesJoinAndReleasesBufferedSuccessors() {
        inbox.offer(msg(A, 41));
        inbox.offer(msg(A, 42));
        assertThat(inbox.offer(msg(A, 39))).isEmpty();
        assertThat(inbox.hasGap(A)).isTrue();

        List<ChatMessage> released = inbox.setStart(A, 40);
        assertThat(seqs(released)).containsExactly(41L, 42L);
        assertThat(inbox.contiguous(A)).isEqualTo(42);
        assertThat(inbox.buffered(A)).isZero(); // 39 was dropped: before the start
        assertThat(inbox.setStart(A, 10)).as("never moves back").isEmpty();
        assertThat(inbox.contiguous(A)).isEqualTo(42);
        assertThat(inbox.offer(msg(A, 40))).isEmpty();
        assertThat(inbox.duplicates(A)).isEqualTo(1);
    }

    @Test
    void setStartOnAnUnknownConversationCreatesItsCursor() {
        assertThat(inbox.setStart(B, 7)).isEmpty();
        assertThat(inbox.cursors()).containsEntry(B, 7L);
        assertThat(seqs(inbox.offer(msg(B, 8)))).containsExactly(8L);
        assertThatThrownBy(() -> inbox.setStart(B, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoredCursorsActAsStartingPoints() {
        ConversationInbox restored = ConversationInbox.withCursors(Map.of(A, 10L));
        assertThat(restored.offer(msg(A, 10))).isEmpty();
        assertThat(seqs(restored.offer(msg(A, 11)))).containsExactly(11L);
    }

    @Test
    void anyShuffleWithDuplicatesDeliversEachSeqExactlyOnceInOrder() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            ConversationInbox box = new ConversationInbox();
            List<ChatMessage> input = new ArrayList<>();
            int n = 1 + random.nextInt(200);
            for (long s = 1; s <= n; s++) {
                input.add(msg(A, s));
                if (random.nextInt(4) == 0) {
                    input.add(msg(A, s)); // at-least-once: some twice
                }
            }
            Collections.shuffle(input, random);
            List<ChatMessage> out = new ArrayList<>();
            for (ChatMessage m : input) {
                out.addAll(box.offer(m));
            }
            assertThat(seqs(out)).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(out.get(i).seq()).isEqualTo(i + 1);
            }
            assertThat(box.duplicates()).isEqualTo(input.size() - n);
            assertThat(box.hasGap(A)).isFalse();
        }
    }
}
