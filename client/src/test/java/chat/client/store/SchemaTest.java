package chat.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table classes' column constants name exactly the columns the schema steps create. */
class SchemaTest {
    @TempDir
    Path dir;

    @Test
    void columnConstantsMatchTheCurrentSchema() {
        try (LocalStore store = LocalStore.open(dir)) {
            assertThat(columns(store, StoreInfoTable.NAME)).containsExactly(StoreInfoTable.KEY, StoreInfoTable.VALUE);
            assertThat(columns(store, MessagesTable.NAME)).containsExactly(MessagesTable.CONVERSATION_ID,
                    MessagesTable.SEQ, MessagesTable.SENDER_USER_ID, MessagesTable.SENDER_DEVICE_ID,
                    MessagesTable.CLIENT_MSG_ID, MessagesTable.BODY, MessagesTable.EVENT, MessagesTable.SERVER_TIME,
                    MessagesTable.STATE, MessagesTable.STORED_AT);
            assertThat(columns(store, CursorsTable.NAME)).containsExactly(CursorsTable.CONVERSATION_ID,
                    CursorsTable.SYNCED, CursorsTable.DELIVERED, CursorsTable.READ);
            assertThat(columns(store, OutboxTable.NAME)).containsExactly(OutboxTable.CLIENT_MSG_ID,
                    OutboxTable.CONVERSATION_ID, OutboxTable.PEER, OutboxTable.BODY, OutboxTable.CREATED_AT,
                    OutboxTable.ATTEMPTS, OutboxTable.STATE, OutboxTable.FAILURE);
            assertThat(columns(store, ReceiptsTable.NAME)).containsExactly(ReceiptsTable.CONVERSATION_ID,
                    ReceiptsTable.USER_ID, ReceiptsTable.DELIVERED, ReceiptsTable.READ, ReceiptsTable.UPDATED_AT);
            assertThat(columns(store, ContactsTable.NAME)).containsExactly(ContactsTable.USER_ID,
                    ContactsTable.HANDLE, ContactsTable.DISPLAY_NAME, ContactsTable.FETCHED_AT);
        }
    }

    private static List<String> columns(LocalStore store, String table) {
        return store.db().query("SELECT name FROM pragma_table_info(?) ORDER BY cid", rs -> rs.getString(1), table);
    }
}
