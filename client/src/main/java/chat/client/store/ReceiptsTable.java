package chat.client.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The other members' cursors per conversation (from {@code receipt} frames and the conversation list), so DELIVERED
 * and READ ticks survive a restart. A group's aggregate ({@code groupReceipt}: every member reached / read) is kept
 * under the user id {@link #ALL_MEMBERS}. Cursors only move forward.
 */
public final class ReceiptsTable {
    public static final String NAME = "receipts";
    public static final String CONVERSATION_ID = "conversation_id";
    public static final String USER_ID = "user_id";
    public static final String DELIVERED = "delivered";
    public static final String READ = "read";
    public static final String UPDATED_AT = "updated_at";
    /** The user id of a group's aggregated cursors; never a real user id (those start with 'u'). */
    public static final String ALL_MEMBERS = "*";

    private final Db db;
    private final Clock clock;

    ReceiptsTable(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records a member's cursors; read implies delivered. */
    public void advance(String conversationId, String userId, long delivered, long read) {
        long d = Math.max(delivered, read);
        db.update("INSERT INTO " + NAME + " (" + CONVERSATION_ID + ", " + USER_ID + ", " + DELIVERED + ", " + READ
                        + ", " + UPDATED_AT + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (" + CONVERSATION_ID + ", " + USER_ID
                        + ") DO UPDATE SET " + DELIVERED + " = MAX(" + DELIVERED + ", excluded." + DELIVERED + "), "
                        + READ + " = MAX(" + READ + ", excluded." + READ + "), " + UPDATED_AT + " = excluded."
                        + UPDATED_AT,
                conversationId, userId, d, read, clock.millis());
    }

    public Optional<Receipt> get(String conversationId, String userId) {
        return db.queryOne("SELECT * FROM " + NAME + " WHERE " + CONVERSATION_ID + " = ? AND " + USER_ID + " = ?",
                ReceiptsTable::row, conversationId, userId);
    }

    /** Every member's cursors in the conversation (the aggregate included, for a group), by user id. */
    public List<Receipt> forConversation(String conversationId) {
        return db.query("SELECT * FROM " + NAME + " WHERE " + CONVERSATION_ID + " = ? ORDER BY " + USER_ID,
                ReceiptsTable::row, conversationId);
    }

    private static Receipt row(ResultSet rs) throws SQLException {
        return new Receipt(rs.getString(CONVERSATION_ID), rs.getString(USER_ID), rs.getLong(DELIVERED),
                rs.getLong(READ), rs.getLong(UPDATED_AT));
    }
}
