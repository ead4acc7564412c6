package chat.client.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;

/**
 * A device's durable local history: one SQLite file, {@code <dir>/chat.db}, per profile. It holds every message and
 * own message state, the cursors a restart syncs from, the outbox of sends not yet stored by the server, the members'
 * receipts and contact names, and the end-to-end encryption keys and sessions; later work (plaintext, attachments) adds tables by adding {@link Schema} steps.
 *
 * <p>Opening never damages a file it does not understand: an existing file is first checked from its raw header
 * (not SQLite, another application's database, a newer schema, truncated) and then with {@code PRAGMA quick_check},
 * before anything is written; any of these throws {@link LocalStoreException} naming the file and the problem, and
 * leaves the file byte for byte as it was. A good store is switched to WAL and migrated to the current schema.
 *
 * <p>Thread-safe: one connection, one statement or transaction at a time. Writes are {@code synchronous=FULL}: a
 * message typed offline survives a power cut once {@link OutboxTable#enqueue} returned.
 */
public final class LocalStore implements AutoCloseable {
    public static final String FILE_NAME = "chat.db";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Db db;
    private final int version;
    private final StoreInfoTable info;
    private final MessagesTable messages;
    private final CursorsTable cursors;
    private final InboxCursorTable inboxCursor;
    private final OutboxTable outbox;
    private final ReceiptsTable receipts;
    private final ContactsTable contacts;
    private final E2eeStore e2ee;

    private LocalStore(Db db, int version, Clock clock) {
        this.db = db;
        this.version = version;
        this.info = new StoreInfoTable(db);
        this.messages = new MessagesTable(db, clock);
        this.cursors = new CursorsTable(db);
        this.inboxCursor = new InboxCursorTable(db);
        this.outbox = new OutboxTable(db, clock);
        this.receipts = new ReceiptsTable(db, clock);
        this.contacts = new ContactsTable(db);
        this.e2ee = new E2eeStore(db, clock);
    }

    /** Opens (or creates, with its directory) the store in {@code dir}, migrated to the current schema. */
    public static LocalStore open(Path dir) {
        return open(dir, Schema.MIGRATIONS, Clock.systemUTC());
    }

    /** With a given history of steps (tests build stores of older versions) and clock. */
    static LocalStore open(Path dir, List<Migration> steps, Clock clock) {
        Objects.requireNonNull(dir, "dir");
        Path file = dir.resolve(FILE_NAME).toAbsolutePath();
        int newest = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).version();
        boolean existed = Files.exists(file);
        if (existed) {
            StoreFile.inspect(file, Schema.APPLICATION_ID, newest);
        } else {
            createPrivateFile(file);
        }
        Db db = new Db(file, connect(file));
        try {
            checkIntegrity(db);
            db.execute("PRAGMA journal_mode = WAL");
            db.execute("PRAGMA synchronous = FULL");
            int version = Migrator.migrate(db, Schema.APPLICATION_ID, steps);
            return new LocalStore(db, version, clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public Path file() {
        return db.file();
    }

    /** The schema version (PRAGMA user_version) the store is at. */
    public int schemaVersion() {
        return version;
    }

    public StoreInfoTable info() {
        return info;
    }

    public MessagesTable messages() {
        return messages;
    }

    public CursorsTable cursors() {
        return cursors;
    }

    public InboxCursorTable inboxCursor() {
        return inboxCursor;
    }

    public OutboxTable outbox() {
        return outbox;
    }

    public ReceiptsTable receipts() {
        return receipts;
    }

    public ContactsTable contacts() {
        return contacts;
    }

    /** Attachment uploads begun and not sent yet. */
    public MediaUploadsTable mediaUploads() {
        return new MediaUploadsTable(db);
    }

    /** The device's end-to-end encryption keys, sessions and Sender Keys. */
    public E2eeStore e2ee() {
        return e2ee;
    }

    /** This store as a {@link chat.client.DeviceStore}: pass it to {@code ChatDevice.Builder#store}. */
    public chat.client.DeviceStore deviceStore() {
        return new SqliteDeviceStore(this);
    }

    /** Runs {@code work} as one transaction (one commit for many writes); nested calls join it. */
    public void inTransaction(Runnable work) {
        db.transaction(work);
    }

    public <T> T inTransaction(Supplier<T> work) {
        return db.transaction(work);
    }

    /** For tests of the schema: the underlying database. */
    Db db() {
        return db;
    }

    @Override
    public void close() {
        db.close();
    }

    private static Connection connect(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5_000); // another process of the same profile may hold the write lock briefly
        // Take the write lock when a transaction begins, so a read-then-write transaction cannot deadlock with another.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        try {
            return config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw Db.translate(file, e);
        }
    }

    /** A page SQLite cannot read: refuse the file before anything (WAL switch, migration) writes to it. */
    private static void checkIntegrity(Db db) {
        List<String> problems = db.query("PRAGMA quick_check(5)", rs -> rs.getString(1));
        if (!problems.equals(List.of("ok"))) {
            throw new LocalStoreException(db.file(), "corrupt: " + String.join("; ", problems));
        }
    }

    /**
     * Creates the directory (700) and an empty file (600) before SQLite does: its -wal and -shm files copy the
     * file's permissions, and messages (later: keys and plaintext) are nobody else's business.
     */
    private static void createPrivateFile(Path file) {
        try {
            Files.createDirectories(file.getParent(), onlyOwner("rwx------"));
            Files.createFile(file, onlyOwner("rw-------"));
        } catch (IOException e) {
            throw new LocalStoreException(file, "cannot create it: " + e.getMessage(), e);
        }
    }

    private static FileAttribute<?>[] onlyOwner(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(permissions))} : new FileAttribute<?>[0];
    }
}
