package chat.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.client.MessageState;
import chat.model.frames.ChatMessage;
import chat.model.frames.GroupAction;
import chat.model.frames.GroupEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages are stored once per (conversation, seq); own messages' states only move forward. */
class MessagesTableTest {
    private static final String DM = "dm.ualice.ubob";

    @TempDir
    Path dir;
    private LocalStore store;
    private MessagesTable messages;

    @BeforeEach
    void open() {
        store = LocalStore.open(dir);
        messages = store.messages();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ChatMessage msg(long seq, String sender) {
        return new ChatMessage(DM, seq, sender, "d" + sender, "c" + seq, "aGk=", 1000 + seq);
    }

    private MessageState state(long seq) {
        return messages.get(DM, seq).orElseThrow().state();
    }

    @Test
    void storesAMessageOnceByConversationAndSeq() {
        assertThat(messages.insert(msg(1, "ubob"), null)).isTrue();
        assertThat(messages.insert(msg(1, "ubob"), null)).isFalse();
        assertThat(messages.count(DM)).isEqualTo(1);
    }

    @Test
    void betweenGivesTheMessagesAfterOneSeqUpToAnotherInOrder() {
        for (long seq = 5; seq >= 1; seq--) {
            messages.insert(msg(seq, "ubob"), null);
        }

        assertThat(messages.between(DM, 2, 4)).extracting(StoredMessage::seq).containsExactly(3L, 4L);
    }

    @Test
    void givesBackTheProtocolMessageItStored() {
        ChatMessage text = msg(1, "ubob");
        ChatMessage event = new ChatMessage(DM, 2, "ualice", "dalice", "c2", null, 5,
                new GroupEvent(GroupAction.RENAMED, "ualice", List.of(), "Book club"));
        messages.insert(text, null);
        messages.insert(event, null);

        assertThat(messages.get(DM, 1).orElseThrow().toChatMessage()).isEqualTo(text);
        assertThat(messages.get(DM, 2).orElseThrow().toChatMessage()).isEqualTo(event);
        assertThat(messages.get(DM, 1).orElseThrow().body()).isEqualTo("hi".getBytes());
    }

    @Test
    void anOwnMessageMovesFromSentToDeliveredToRead() {
        messages.insert(msg(1, "ualice"), MessageState.SENT);
        assertThat(state(1)).isEqualTo(MessageState.SENT);
        assertThat(messages.advance(DM, 1, MessageState.DELIVERED)).isTrue();
        assertThat(state(1)).isEqualTo(MessageState.DELIVERED);
        assertThat(messages.advance(DM, 1, MessageState.READ)).isTrue();
        assertThat(state(1)).isEqualTo(MessageState.READ);
    }

    @Test
    void anOwnMessageStateNeverMovesBackwards() {
        messages.insert(msg(1, "ualice"), MessageState.SENT);
        messages.advance(DM, 1, MessageState.READ);

        assertThat(messages.advance(DM, 1, MessageState.DELIVERED)).isFalse();
        assertThat(messages.advance(DM, 1, MessageState.SENT)).isFalse();
        assertThat(messages.insert(msg(1, "ualice"), MessageState.SENT)).isFalse();
        assertThat(state(1)).isEqualTo(MessageState.READ);
    }

    @Test
    void storingAgainWithALaterStateMovesTheStateForward() {
        messages.insert(msg(1, "ualice"), MessageState.SENT);
        messages.insert(msg(1, "ualice"), MessageState.DELIVERED);
        assertThat(state(1)).isEqualTo(MessageState.DELIVERED);
    }

    @Test
    void sendingAndFailedAreNotStatesOfAStoredMessage() {
        assertThatThrownBy(() -> messages.insert(msg(1, "ualice"), MessageState.SENDING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messages.advance(DM, 1, MessageState.FAILED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCumulativeReceiptMovesTheSendersMessagesUpToItsSeqOnly() {
        messages.insert(msg(1, "ualice"), MessageState.SENT);
        messages.insert(msg(2, "ubob"), null);
        messages.insert(msg(3, "ualice"), MessageState.SENT);
        messages.insert(msg(4, "ualice"), MessageState.SENT);

        assertThat(messages.advanceUpTo(DM, "ualice", 3, MessageState.READ)).isEqualTo(2);
        assertThat(state(1)).isEqualTo(MessageState.READ);
        assertThat(state(2)).isNull();
        assertThat(state(3)).isEqualTo(MessageState.READ);
        assertThat(state(4)).isEqualTo(MessageState.SENT);
    }

    @Test
    void findsADevicesMessageByItsClientMsgId() {
        messages.insert(msg(7, "ualice"), MessageState.SENT);
        assertThat(messages.find("dualice", "c7")).map(StoredMessage::seq).contains(7L);
        assertThat(messages.find("dubob", "c7")).isEmpty();
    }

    @Test
    void pagesBackwardsInAscendingOrder() {
        for (long seq = 1; seq <= 5; seq++) {
            messages.insert(msg(seq, "ubob"), null);
        }
        assertThat(messages.page(DM, null, 2)).extracting(StoredMessage::seq).containsExactly(4L, 5L);
        assertThat(messages.page(DM, 4L, 2)).extracting(StoredMessage::seq).containsExactly(2L, 3L);
        assertThat(messages.lastSeq(DM)).isEqualTo(5);
    }
}
