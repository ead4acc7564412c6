package chat.client.store;

import java.util.List;
import java.util.Optional;

/**
 * Attachment uploads this device began and has not sent yet, with the keys their blob is encrypted with: an upload
 * broken off (the process ended, the network went) resumes from here with the same keys, so the parts the store
 * already holds still fit. A row goes once its message is queued (the outbox takes over) or the slot is given up.
 */
public final class MediaUploadsTable {
    public static final String NAME = "media_uploads";
    private final Db db;

    MediaUploadsTable(Db db) {
        this.db = db;
    }

    /** One upload begun: the file is identified by path, size and modification time (a changed file starts over). */
    public record Row(String attachmentId, String conversationId, String filePath, long fileSize, long fileModified,
            byte[] mediaKey, byte[] mediaIv, long blobSize, long createdAt) {
    }

    public void put(Row r) {
        db.update("INSERT OR REPLACE INTO " + NAME + " (attachment_id, conversation_id, file_path, file_size,"
                + " file_modified, media_key, media_iv, blob_size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.attachmentId(), r.conversationId(), r.filePath(), r.fileSize(), r.fileModified(), r.mediaKey(),
                r.mediaIv(), r.blobSize(), r.createdAt());
    }

    /** The newest upload begun of this very file to this conversation, if any. */
    public Optional<Row> find(String conversationId, String filePath, long fileSize, long fileModified) {
        return db.queryOne("SELECT attachment_id, conversation_id, file_path, file_size, file_modified, media_key,"
                + " media_iv, blob_size, created_at FROM " + NAME + " WHERE conversation_id = ? AND file_path = ?"
                + " AND file_size = ? AND file_modified = ? ORDER BY created_at DESC LIMIT 1",
                MediaUploadsTable::row, conversationId, filePath, fileSize, fileModified);
    }

    public List<Row> all() {
        return db.query("SELECT attachment_id, conversation_id, file_path, file_size, file_modified, media_key,"
                + " media_iv, blob_size, created_at FROM " + NAME + " ORDER BY created_at", MediaUploadsTable::row);
    }

    public void remove(String attachmentId) {
        db.update("DELETE FROM " + NAME + " WHERE attachment_id = ?", attachmentId);
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getBytes(6), rs.getBytes(7), rs.getLong(8), rs.getLong(9));
    }
}
