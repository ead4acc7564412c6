package chat.client.store;

import java.util.Optional;

/** Facts about the store itself, as key → value: above all whose it is, so one user's history never mixes with another's. */
public final class StoreInfoTable {
    public static final String NAME = "store_info";
    public static final String KEY = "key";
    public static final String VALUE = "value";
    /** The user id whose history the store holds; set by the first device that uses it. */
    public static final String OWNER_USER_ID = "owner_user_id";

    private final Db db;

    StoreInfoTable(Db db) {
        this.db = db;
    }

    public Optional<String> get(String key) {
        return db.queryOne("SELECT " + VALUE + " FROM " + NAME + " WHERE " + KEY + " = ?", rs -> rs.getString(1), key);
    }

    public void put(String key, String value) {
        db.update("INSERT INTO " + NAME + " (" + KEY + ", " + VALUE + ") VALUES (?, ?) ON CONFLICT (" + KEY
                + ") DO UPDATE SET " + VALUE + " = excluded." + VALUE, key, value);
    }

    /**
     * Makes {@code userId} the owner of a store that has none; refuses (with {@link LocalStoreException}) a store
     * that belongs to another user: its cursors and history are not this user's.
     */
    public void claimOwner(String userId) {
        db.transaction(() -> {
            Optional<String> owner = get(OWNER_USER_ID);
            if (owner.isEmpty()) {
                put(OWNER_USER_ID, userId);
            } else if (!owner.get().equals(userId)) {
                throw new LocalStoreException(db.file(), "belongs to user " + owner.get() + ", not " + userId
                        + "; use another profile directory");
            }
        });
    }
}
