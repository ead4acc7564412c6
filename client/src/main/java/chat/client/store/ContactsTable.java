package chat.client.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** User id → handle and display name, so a client can show names without asking the server every time. */
public final class ContactsTable {
    public static final String NAME = "contacts";
    public static final String USER_ID = "user_id";
    public static final String HANDLE = "handle";
    public static final String DISPLAY_NAME = "display_name";
    public static final String FETCHED_AT = "fetched_at";

    private final Db db;

    ContactsTable(Db db) {
        this.db = db;
    }

    /** Stores or replaces what is known about a user. */
    public void put(Contact contact) {
        db.update("INSERT INTO " + NAME + " (" + USER_ID + ", " + HANDLE + ", " + DISPLAY_NAME + ", " + FETCHED_AT
                        + ") VALUES (?, ?, ?, ?) ON CONFLICT (" + USER_ID + ") DO UPDATE SET " + HANDLE + " = excluded."
                        + HANDLE + ", " + DISPLAY_NAME + " = excluded." + DISPLAY_NAME + ", " + FETCHED_AT
                        + " = excluded." + FETCHED_AT,
                contact.userId(), contact.handle(), contact.displayName(), contact.fetchedAt());
    }

    public Optional<Contact> get(String userId) {
        return db.queryOne("SELECT * FROM " + NAME + " WHERE " + USER_ID + " = ?", ContactsTable::row, userId);
    }

    /** The user most recently seen with this handle (handles can pass to a new user after an account's deletion). */
    public Optional<Contact> byHandle(String handle) {
        return db.queryOne("SELECT * FROM " + NAME + " WHERE " + HANDLE + " = ? ORDER BY " + FETCHED_AT
                + " DESC LIMIT 1", ContactsTable::row, handle);
    }

    public List<Contact> all() {
        return db.query("SELECT * FROM " + NAME + " ORDER BY " + HANDLE, ContactsTable::row);
    }

    private static Contact row(ResultSet rs) throws SQLException {
        return new Contact(rs.getString(USER_ID), rs.getString(HANDLE), rs.getString(DISPLAY_NAME),
                rs.getLong(FETCHED_AT));
    }
}
