package chat.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cursors, receipts and contacts: cumulative values that never move back, and names by user id or handle. */
class CursorsAndReceiptsTest {
    @TempDir
    Path dir;
    private LocalStore store;

    @BeforeEach
    void open() {
        store = LocalStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theSyncCursorNeverMovesBack() {
        store.cursors().advanceSynced("dm.a.b", 5);
        store.cursors().advanceSynced("dm.a.b", 3);
        assertThat(store.cursors().synced()).containsExactlyEntriesOf(java.util.Map.of("dm.a.b", 5L));
    }

    @Test
    void ackedCursorsNeverMoveBackAndReadImpliesDelivered() {
        store.cursors().advanceAcked("g1", 0, 4);
        store.cursors().advanceAcked("g1", 2, 1);
        assertThat(store.cursors().get("g1")).contains(new ConversationCursors("g1", 0, 4, 4));
    }

    @Test
    void aMembersReceiptNeverMovesBack() {
        store.receipts().advance("dm.a.b", "ub", 7, 5);
        store.receipts().advance("dm.a.b", "ub", 6, 6);
        Receipt r = store.receipts().get("dm.a.b", "ub").orElseThrow();
        assertThat(r.delivered()).isEqualTo(7);
        assertThat(r.read()).isEqualTo(6);
    }

    @Test
    void aGroupsAggregateIsKeptBesideItsMembers() {
        store.receipts().advance("g1", ReceiptsTable.ALL_MEMBERS, 3, 2);
        store.receipts().advance("g1", "ub", 4, 4);
        assertThat(store.receipts().forConversation("g1")).extracting(Receipt::userId)
                .containsExactly(ReceiptsTable.ALL_MEMBERS, "ub");
    }

    @Test
    void aHandleNamesTheUserMostRecentlySeenWithIt() {
        store.contacts().put(new Contact("uold", "bob", "Old Bob", 100));
        store.contacts().put(new Contact("unew", "bob", "New Bob", 200));
        assertThat(store.contacts().byHandle("bob")).map(Contact::userId).contains("unew");
        assertThat(store.contacts().get("uold")).map(Contact::displayName).contains("Old Bob");
    }
}
