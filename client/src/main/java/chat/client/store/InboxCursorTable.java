package chat.client.store;

/**
 * The device's envelope inbox cursor: one row, the highest inbox seq whose envelope the device processed. It only
 * moves forward (MAX on write), so a restarted device never hands out an envelope twice and syncs from here.
 */
public final class InboxCursorTable {
    public static final String NAME = "inbox_cursor";
    public static final String ID = "id";
    public static final String PROCESSED = "processed";

    private final Db db;

    InboxCursorTable(Db db) {
        this.db = db;
    }

    /** The highest seq processed, 0 before the first envelope. */
    public long get() {
        return db.queryOne("SELECT " + PROCESSED + " FROM " + NAME + " WHERE " + ID + " = 1", rs -> rs.getLong(1))
                .orElse(0L);
    }

    public void advance(long seq) {
        db.update("INSERT INTO " + NAME + " (" + ID + ", " + PROCESSED + ") VALUES (1, ?) ON CONFLICT (" + ID
                + ") DO UPDATE SET " + PROCESSED + " = MAX(" + PROCESSED + ", excluded." + PROCESSED + ")", seq);
    }
}
