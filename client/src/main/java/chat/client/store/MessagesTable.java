package chat.client.store;

import chat.client.MessageState;
import chat.model.frames.ChatMessage;
import chat.model.frames.FrameCodec;
import chat.model.frames.GroupEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every message and group event of the user's conversations, once each: the key is (conversation, seq), so a
 * message that arrives again (live and by sync, or a resend) is not stored twice. Own messages carry their state.
 */
public final class MessagesTable {
    public static final String NAME = "messages";
    public static final String CONVERSATION_ID = "conversation_id";
    public static final String SEQ = "seq";
    public static final String SENDER_USER_ID = "sender_user_id";
    public static final String SENDER_DEVICE_ID = "sender_device_id";
    public static final String CLIENT_MSG_ID = "client_msg_id";
    /** The decoded bytes of a user's message; null for a group event. */
    public static final String BODY = "body";
    /** A group event as protocol JSON; null for a user's message. */
    public static final String EVENT = "event";
    public static final String SERVER_TIME = "server_time";
    /** SENT, DELIVERED or READ for this user's own messages; null for others'. */
    public static final String STATE = "state";
    /** Epoch millis when this device stored it. */
    public static final String STORED_AT = "stored_at";

    private static final String COLUMNS = String.join(", ", CONVERSATION_ID, SEQ, SENDER_USER_ID, SENDER_DEVICE_ID,
            CLIENT_MSG_ID, BODY, EVENT, SERVER_TIME, STATE, STORED_AT);

    private final Db db;
    private final Clock clock;

    MessagesTable(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Stores a message unless one with its conversation and seq is there already; returns true if it was new.
     * {@code state} is null for another user's message. Stored again with a later state, the state moves forward.
     */
    public boolean insert(ChatMessage m, MessageState state) {
        if (state != null) {
            StateOrder.before(state); // only stored states
        }
        return db.transaction(() -> {
            int inserted = db.update("INSERT OR IGNORE INTO " + NAME + " (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    m.conversationId(), m.seq(), m.senderUserId(), m.senderDeviceId(), m.clientMsgId(),
                    m.body() == null ? null : Base64.getDecoder().decode(m.body()), eventJson(m.event()),
                    m.serverTime(), state == null ? null : state.name(), clock.millis());
            if (inserted == 0 && state != null) {
                advance(m.conversationId(), m.seq(), state);
            }
            return inserted == 1;
        });
    }

    /** Moves one own message's state forward to {@code to}; false if it was there or beyond already (or absent). */
    public boolean advance(String conversationId, long seq, MessageState to) {
        return db.update("UPDATE " + NAME + " SET " + STATE + " = ? WHERE " + CONVERSATION_ID + " = ? AND " + SEQ
                + " = ? AND " + STATE + " IN " + StateOrder.sqlListBefore(to), to.name(), conversationId, seq) == 1;
    }

    /**
     * Moves every message of {@code senderUserId} up to {@code seq} forward to {@code to} (a cumulative receipt);
     * returns how many changed.
     */
    public int advanceUpTo(String conversationId, String senderUserId, long seq, MessageState to) {
        return db.update("UPDATE " + NAME + " SET " + STATE + " = ? WHERE " + CONVERSATION_ID + " = ? AND "
                        + SENDER_USER_ID + " = ? AND " + SEQ + " <= ? AND " + STATE + " IN "
                        + StateOrder.sqlListBefore(to),
                to.name(), conversationId, senderUserId, seq);
    }

    public Optional<StoredMessage> get(String conversationId, long seq) {
        return db.queryOne("SELECT " + COLUMNS + " FROM " + NAME + " WHERE " + CONVERSATION_ID + " = ? AND " + SEQ
                + " = ?", MessagesTable::row, conversationId, seq);
    }

    /** A device's message by the clientMsgId it chose (unique per device). */
    public Optional<StoredMessage> find(String senderDeviceId, String clientMsgId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM " + NAME + " WHERE " + SENDER_DEVICE_ID + " = ? AND "
                + CLIENT_MSG_ID + " = ?", MessagesTable::row, senderDeviceId, clientMsgId);
    }

    /** Up to {@code limit} messages below {@code beforeSeq} (null: the latest), in ascending seq order. */
    public List<StoredMessage> page(String conversationId, Long beforeSeq, int limit) {
        List<StoredMessage> newestFirst = db.query("SELECT " + COLUMNS + " FROM " + NAME + " WHERE "
                        + CONVERSATION_ID + " = ? AND " + SEQ + " < ? ORDER BY " + SEQ + " DESC LIMIT ?",
                MessagesTable::row, conversationId, beforeSeq == null ? Long.MAX_VALUE : beforeSeq, limit);
        List<StoredMessage> ascending = new ArrayList<>(newestFirst);
        Collections.reverse(ascending);
        return ascending;
    }

    /** The messages with {@code afterSeq < seq <= throughSeq}, in ascending seq order (e.g. those not shown yet). */
    public List<StoredMessage> between(String conversationId, long afterSeq, long throughSeq) {
        return db.query("SELECT " + COLUMNS + " FROM " + NAME + " WHERE " + CONVERSATION_ID + " = ? AND " + SEQ
                + " > ? AND " + SEQ + " <= ? ORDER BY " + SEQ, MessagesTable::row, conversationId, afterSeq,
                throughSeq);
    }

    public long count(String conversationId) {
        return db.queryLong("SELECT COUNT(*) FROM " + NAME + " WHERE " + CONVERSATION_ID + " = ?", conversationId);
    }

    /** The highest seq stored in the conversation (gaps possible below it); 0 if none. */
    public long lastSeq(String conversationId) {
        return db.queryLong("SELECT COALESCE(MAX(" + SEQ + "), 0) FROM " + NAME + " WHERE " + CONVERSATION_ID
                + " = ?", conversationId);
    }

    private static StoredMessage row(ResultSet rs) throws SQLException {
        String state = rs.getString(STATE);
        String event = rs.getString(EVENT);
        return new StoredMessage(rs.getString(CONVERSATION_ID), rs.getLong(SEQ), rs.getString(SENDER_USER_ID),
                rs.getString(SENDER_DEVICE_ID), rs.getString(CLIENT_MSG_ID), rs.getBytes(BODY),
                event == null ? null : parseEvent(event), rs.getLong(SERVER_TIME),
                state == null ? null : MessageState.valueOf(state), rs.getLong(STORED_AT));
    }

    private static String eventJson(GroupEvent event) {
        if (event == null) {
            return null;
        }
        try {
            return FrameCodec.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode a group event", e);
        }
    }

    private static GroupEvent parseEvent(String json) {
        try {
            return FrameCodec.mapper().readValue(json, GroupEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable group event in the store: " + json, e);
        }
    }
}
