package chat.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.client.DeviceStore;
import chat.client.MessageState;
import chat.client.OutgoingMessage;
import chat.model.Ids;
import chat.model.frames.ChatMessage;
import chat.model.frames.GroupReceiptFrame;
import chat.model.frames.ReceiptFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a device reports becomes rows: the outbox until SENT, then a message whose state receipts move forward. */
class SqliteDeviceStoreTest {
    private static final String ALICE = "u00000000000000a1";
    private static final String BOB = "u00000000000000b1";
    private static final String DM = Ids.directConversationId(ALICE, BOB);

    @TempDir
    Path dir;
    private LocalStore store;
    private DeviceStore device;

    @BeforeEach
    void open() {
        store = LocalStore.open(dir);
        device = store.deviceStore();
        device.bind(ALICE, "d00000000000000a1");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static OutgoingMessage outgoing(String id, MessageState state, long seq) {
        return new OutgoingMessage(id, DM, null, "aGk=", state, seq, 1000 + seq, 1, false, null);
    }

    @Test
    void aQueuedMessageIsPendingWithItsClientMsgId() {
        device.queued(outgoing("c1", MessageState.SENDING, 0));
        assertThat(device.pendingSends()).singleElement().satisfies(m -> {
            assertThat(m.clientMsgId()).isEqualTo("c1");
            assertThat(m.conversationId()).isEqualTo(DM);
            assertThat(m.body()).isEqualTo("aGk=");
            assertThat(m.state()).isEqualTo(MessageState.SENDING);
        });
    }

    @Test
    void aSentMessageLeavesTheOutboxForTheMessagesWithItsSeq() {
        device.queued(outgoing("c1", MessageState.SENDING, 0));
        device.outgoing(outgoing("c1", MessageState.SENT, 4));

        assertThat(device.pendingSends()).isEmpty();
        assertThat(store.messages().get(DM, 4)).hasValueSatisfying(m -> {
            assertThat(m.clientMsgId()).isEqualTo("c1");
            assertThat(m.senderUserId()).isEqualTo(ALICE);
            assertThat(m.state()).isEqualTo(MessageState.SENT);
        });
    }

    @Test
    void aFailedMessageStaysPendingAsFailedWithItsFailure() {
        device.queued(outgoing("c1", MessageState.SENDING, 0));
        device.outgoing(new OutgoingMessage("c1", DM, null, "aGk=", MessageState.FAILED, 0, 0, 12, false, "gave up"));

        assertThat(device.pendingSends()).singleElement().satisfies(m -> {
            assertThat(m.state()).isEqualTo(MessageState.FAILED);
            assertThat(m.failure()).isEqualTo("gave up");
            assertThat(m.attempts()).isEqualTo(12);
        });
        assertThat(store.outbox().get("c1")).map(PendingSend::failure).contains("gave up");
    }

    @Test
    void deliveredMessagesAreStoredOnceAndMoveTheSyncCursor() {
        ChatMessage fromBob = new ChatMessage(DM, 1, BOB, "d00000000000000b1", "b1", "aGk=", 1);
        device.delivered(List.of(fromBob), Map.of(DM, 1L));
        device.delivered(List.of(fromBob), Map.of(DM, 1L));

        assertThat(store.messages().count(DM)).isEqualTo(1);
        assertThat(store.messages().get(DM, 1).orElseThrow().state()).isNull();
        assertThat(device.cursors()).containsEntry(DM, 1L);
    }

    @Test
    void anOwnMessageFromAnotherDeviceIsStoredAsSent() {
        device.delivered(List.of(new ChatMessage(DM, 1, ALICE, "d00000000000000a2", "a1", "aGk=", 1)),
                Map.of(DM, 1L));
        assertThat(store.messages().get(DM, 1).orElseThrow().state()).isEqualTo(MessageState.SENT);
    }

    @Test
    void thePeersReceiptMovesOwnMessagesToDeliveredAndRead() {
        device.outgoing(outgoing("c1", MessageState.SENT, 1));
        device.outgoing(outgoing("c2", MessageState.SENT, 2));

        device.receipt(new ReceiptFrame(DM, BOB, 2, 1));

        assertThat(store.messages().get(DM, 1).orElseThrow().state()).isEqualTo(MessageState.READ);
        assertThat(store.messages().get(DM, 2).orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
        assertThat(store.receipts().get(DM, BOB)).map(Receipt::read).contains(1L);
    }

    @Test
    void aGroupMessageIsReadOnlyWhenEveryMemberReadIt() {
        String group = "g0000000000000001";
        device.outgoing(new OutgoingMessage("c1", group, null, "aGk=", MessageState.SENT, 3, 1, 1, false, null));

        device.receipt(new ReceiptFrame(group, BOB, 3, 3));
        assertThat(store.messages().get(group, 3).orElseThrow().state()).isEqualTo(MessageState.SENT);
        device.groupReceipt(new GroupReceiptFrame(group, 3, 3));
        assertThat(store.messages().get(group, 3).orElseThrow().state()).isEqualTo(MessageState.READ);
    }

    @Test
    void refusesToBindAnotherUser() {
        assertThatThrownBy(() -> store.deviceStore().bind(BOB, "d00000000000000b1"))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("belongs to user " + ALICE);
    }
}
