package chat.client.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Decides, from the 100-byte SQLite header alone and before any database connection touches the file, whether an
 * existing file may be opened as a chat store. Reading raw bytes means a foreign or broken file is refused without
 * SQLite ever writing to it (a connection would switch it to WAL, roll back a journal or migrate it).
 *
 * <p>Header fields used (https://www.sqlite.org/fileformat.html#the_database_header): magic at 0, page size at 16,
 * change counter at 24, page count at 28, schema cookie at 40, user_version at 60, application_id at 68,
 * version-valid-for at 92.
 */
final class StoreFile {
    static final int HEADER_SIZE = 100;
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** What the header says about a file that may be opened. */
    record Header(int userVersion, boolean empty) {
    }

    private StoreFile() {
    }

    /**
     * Checks the file at {@code file} (which exists). An empty file, or an SQLite database without any schema and
     * without an application id, is {@code empty}: there is nothing in it to overwrite. Throws
     * {@link LocalStoreException} for anything else that is not a chat store of this or an older schema version.
     */
    static Header inspect(Path file, int applicationId, int newestVersion) {
        byte[] header = new byte[HEADER_SIZE];
        long size;
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            read = in.readNBytes(header, 0, HEADER_SIZE);
        } catch (IOException e) {
            throw new LocalStoreException(file, "cannot read the file: " + e.getMessage(), e);
        }
        if (size == 0) {
            return new Header(0, true);
        }
        if (read < HEADER_SIZE || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new LocalStoreException(file, "not a chat store: not an SQLite database (corrupt or a foreign file)");
        }
        ByteBuffer h = ByteBuffer.wrap(header); // SQLite header integers are big-endian, as ByteBuffer's default
        int appId = h.getInt(68);
        int userVersion = h.getInt(60);
        int schemaCookie = h.getInt(40);
        if (appId == 0 && schemaCookie == 0 && userVersion == 0) {
            return new Header(0, true);
        }
        if (appId != applicationId) {
            throw new LocalStoreException(file, String.format(
                    "not a chat store: an SQLite database of another application (application_id 0x%08x, expected 0x%08x)",
                    appId, applicationId));
        }
        if (userVersion > newestVersion) {
            throw new LocalStoreException(file, "made by a newer version of the client (schema version " + userVersion
                    + "; this one knows up to " + newestVersion + "); upgrade the client, the file is left unchanged");
        }
        checkSize(file, h, size);
        return new Header(userVersion, false);
    }

    /** A file shorter than its page count says is truncated: refuse it rather than let SQLite fail half-way. */
    private static void checkSize(Path file, ByteBuffer h, long size) {
        int pageSize = Short.toUnsignedInt(h.getShort(16));
        long bytesPerPage = pageSize == 1 ? 65_536 : pageSize;
        long pages = Integer.toUnsignedLong(h.getInt(28));
        boolean pageCountValid = h.getInt(24) == h.getInt(92); // older writers may leave it stale
        if (bytesPerPage < 512 || Long.bitCount(bytesPerPage) != 1) {
            throw new LocalStoreException(file, "corrupt: page size " + pageSize + " in the header is invalid");
        }
        if (pageCountValid && pages * bytesPerPage > size && !walHolds(file)) {
            throw new LocalStoreException(file, "corrupt: truncated (" + size + " bytes, the header says " + pages
                    + " pages of " + bytesPerPage + ")");
        }
    }

    /** In WAL mode the newest pages may live in the -wal file until a checkpoint; the main file is then shorter. */
    private static boolean walHolds(Path file) {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        try {
            return Files.exists(wal) && Files.size(wal) > 0;
        } catch (IOException e) {
            return true;
        }
    }
}
