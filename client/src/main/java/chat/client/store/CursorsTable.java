package chat.client.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per conversation, the device's sync cursor and the user's acked cursors. Every cursor only moves forward (MAX on
 * write), like the server's, so a stale writer cannot move one back. A restart syncs from {@link #synced()}.
 */
public final class CursorsTable {
    public static final String NAME = "cursors";
    public static final String CONVERSATION_ID = "conversation_id";
    public static final String SYNCED = "synced";
    public static final String DELIVERED = "delivered";
    public static final String READ = "read";

    private final Db db;

    CursorsTable(Db db) {
        this.db = db;
    }

    /** Conversation id → synced cursor: the cursors of the next {@code sync}. */
    public Map<String, Long> synced() {
        Map<String, Long> out = new HashMap<>();
        db.query("SELECT " + CONVERSATION_ID + ", " + SYNCED + " FROM " + NAME, rs -> {
            out.put(rs.getString(1), rs.getLong(2));
            return null;
        });
        return out;
    }

    public Optional<ConversationCursors> get(String conversationId) {
        return db.queryOne("SELECT * FROM " + NAME + " WHERE " + CONVERSATION_ID + " = ?", CursorsTable::row,
                conversationId);
    }

    public List<ConversationCursors> all() {
        return db.query("SELECT * FROM " + NAME + " ORDER BY " + CONVERSATION_ID, CursorsTable::row);
    }

    /** The device holds everything up to {@code seq}. */
    public void advanceSynced(String conversationId, long seq) {
        db.update("INSERT INTO " + NAME + " (" + CONVERSATION_ID + ", " + SYNCED + ") VALUES (?, ?) ON CONFLICT ("
                + CONVERSATION_ID + ") DO UPDATE SET " + SYNCED + " = MAX(" + SYNCED + ", excluded." + SYNCED + ")",
                conversationId, seq);
    }

    /** The server confirmed the user's cursors (an {@code acked} answer); read implies delivered. */
    public void advanceAcked(String conversationId, long delivered, long read) {
        long d = Math.max(delivered, read);
        db.update("INSERT INTO " + NAME + " (" + CONVERSATION_ID + ", " + DELIVERED + ", " + READ
                + ") VALUES (?, ?, ?) ON CONFLICT (" + CONVERSATION_ID + ") DO UPDATE SET " + DELIVERED + " = MAX("
                + DELIVERED + ", excluded." + DELIVERED + "), " + READ + " = MAX(" + READ + ", excluded." + READ + ")",
                conversationId, d, read);
    }

    private static ConversationCursors row(ResultSet rs) throws SQLException {
        return new ConversationCursors(rs.getString(CONVERSATION_ID), rs.getLong(SYNCED), rs.getLong(DELIVERED),
                rs.getLong(READ));
    }
}
