package chat.client.store;

import chat.client.MessageState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Sends the server has not answered SENT yet, by clientMsgId, so that a message typed offline — or in flight when
 * the process ended — goes out again with the same clientMsgId (the server then stores it once). A message leaves
 * this table when it is stored ({@link #remove}, in the transaction that adds it to {@link MessagesTable}).
 */
public final class OutboxTable {
    public static final String NAME = "outbox";
    public static final String CLIENT_MSG_ID = "client_msg_id";
    public static final String CONVERSATION_ID = "conversation_id";
    public static final String PEER = "peer";
    public static final String BODY = "body";
    public static final String CREATED_AT = "created_at";
    public static final String ATTEMPTS = "attempts";
    /** SENDING or FAILED. */
    public static final String STATE = "state";
    public static final String FAILURE = "failure";

    private static final String COLUMNS = String.join(", ", CLIENT_MSG_ID, CONVERSATION_ID, PEER, BODY, CREATED_AT,
            ATTEMPTS, STATE, FAILURE);

    private final Db db;
    private final Clock clock;

    OutboxTable(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Queues a message as SENDING. A clientMsgId already queued keeps its target, body and creation time (the same
     * id is the same message); a FAILED one becomes SENDING again (a retry). Returns true if it was new.
     */
    public boolean enqueue(String clientMsgId, String conversationId, String peer, byte[] body) {
        if ((conversationId == null) == (peer == null)) {
            throw new IllegalArgumentException("exactly one of conversationId and peer");
        }
        return db.transaction(() -> {
            int inserted = db.update("INSERT OR IGNORE INTO " + NAME + " (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, 0, 'SENDING', NULL)",
                    clientMsgId, conversationId, peer, body, clock.millis());
            if (inserted == 0) {
                db.update("UPDATE " + NAME + " SET " + STATE + " = 'SENDING', " + FAILURE + " = NULL WHERE "
                        + CLIENT_MSG_ID + " = ? AND " + STATE + " = 'FAILED'", clientMsgId);
            }
            return inserted == 1;
        });
    }

    /** Marks a SENDING message FAILED (its retries ran out or the server refused it for good). */
    public boolean markFailed(String clientMsgId, String failure, int attempts) {
        return db.update("UPDATE " + NAME + " SET " + STATE + " = 'FAILED', " + FAILURE + " = ?, " + ATTEMPTS
                + " = ? WHERE " + CLIENT_MSG_ID + " = ? AND " + STATE + " = 'SENDING'",
                failure, attempts, clientMsgId) == 1;
    }

    public boolean remove(String clientMsgId) {
        return db.update("DELETE FROM " + NAME + " WHERE " + CLIENT_MSG_ID + " = ?", clientMsgId) == 1;
    }

    public Optional<PendingSend> get(String clientMsgId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM " + NAME + " WHERE " + CLIENT_MSG_ID + " = ?",
                OutboxTable::row, clientMsgId);
    }

    /** The messages to send when a connection is up, oldest first. */
    public List<PendingSend> sending() {
        return db.query("SELECT " + COLUMNS + " FROM " + NAME + " WHERE " + STATE + " = 'SENDING' ORDER BY "
                + CREATED_AT + ", rowid", OutboxTable::row);
    }

    /** SENDING and FAILED messages, oldest first. */
    public List<PendingSend> all() {
        return db.query("SELECT " + COLUMNS + " FROM " + NAME + " ORDER BY " + CREATED_AT + ", rowid",
                OutboxTable::row);
    }

    private static PendingSend row(ResultSet rs) throws SQLException {
        return new PendingSend(rs.getString(CLIENT_MSG_ID), rs.getString(CONVERSATION_ID), rs.getString(PEER),
                rs.getBytes(BODY), rs.getLong(CREATED_AT), rs.getInt(ATTEMPTS), MessageState.valueOf(rs.getString(STATE)),
                rs.getString(FAILURE));
    }
}
