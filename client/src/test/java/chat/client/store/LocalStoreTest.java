package chat.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.frames.ChatMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a store: what it creates, what survives a reopen, and which files it refuses without touching them. */
class LocalStoreTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(LocalStore.FILE_NAME);
    }

    @Test
    void createsAChatStoreAtTheCurrentVersionInWalMode() {
        try (LocalStore store = LocalStore.open(dir)) {
            assertThat(store.file()).isEqualTo(file().toAbsolutePath());
            assertThat(store.schemaVersion()).isEqualTo(Schema.CURRENT_VERSION);
            assertThat(store.db().queryLong("PRAGMA user_version")).isEqualTo(Schema.CURRENT_VERSION);
            assertThat(store.db().queryLong("PRAGMA application_id")).isEqualTo(Schema.APPLICATION_ID);
            assertThat(store.db().queryOne("PRAGMA journal_mode", rs -> rs.getString(1))).contains("wal");
        }
    }

    @Test
    void createsItsDirectoryAndFileReadableByTheOwnerOnly() throws IOException {
        Path nested = dir.resolve("profiles").resolve("alice");
        LocalStore.open(nested).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.resolve(LocalStore.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void keepsItsDataWhenReopened() {
        try (LocalStore store = LocalStore.open(dir)) {
            store.messages().insert(new ChatMessage("dm.a.b", 1, "ua", "da", "c1", "aGk=", 10), null);
            store.cursors().advanceSynced("dm.a.b", 1);
        }
        try (LocalStore store = LocalStore.open(dir)) {
            assertThat(store.messages().get("dm.a.b", 1)).isPresent();
            assertThat(store.cursors().synced()).containsEntry("dm.a.b", 1L);
        }
    }

    @Test
    void refusesAnotherApplicationsSqliteDatabaseAndLeavesItByteIdentical() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
            st.execute("INSERT INTO notes (text) VALUES ('mine')");
        }
        byte[] before = Files.readAllBytes(file());

        assertThatThrownBy(() -> LocalStore.open(dir))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("not a chat store");
        assertUntouched(before);
    }

    @Test
    void refusesAFileOfRandomBytesAndLeavesItByteIdentical() throws IOException {
        byte[] noise = new byte[8192];
        new Random(42).nextBytes(noise);
        Files.write(file(), noise);

        assertThatThrownBy(() -> LocalStore.open(dir))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("not an SQLite database");
        assertUntouched(noise);
    }

    @Test
    void refusesAStoreMadeByANewerVersionAndLeavesItByteIdentical() throws Exception {
        LocalStore.open(dir).close();
        int newer = Schema.CURRENT_VERSION + 1;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + newer);
        }
        byte[] before = Files.readAllBytes(file());

        assertThatThrownBy(() -> LocalStore.open(dir))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("made by a newer version of the client (schema version " + newer);
        assertUntouched(before);
    }

    @Test
    void refusesATruncatedStoreAndLeavesItByteIdentical() throws IOException {
        fillAndClose(200);
        byte[] whole = Files.readAllBytes(file());
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        Files.write(file(), half);

        assertThatThrownBy(() -> LocalStore.open(dir))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("corrupt: truncated");
        assertUntouched(half);
    }

    @Test
    void refusesAStoreWithAGarbledPageAndLeavesItByteIdentical() throws IOException {
        fillAndClose(200);
        byte[] bytes = Files.readAllBytes(file());
        int pageSize = 4096;
        byte[] garbage = new byte[pageSize];
        new Random(7).nextBytes(garbage);
        System.arraycopy(garbage, 0, bytes, 2 * pageSize, pageSize); // a b-tree page, the header page stays intact
        Files.write(file(), bytes);

        assertThatThrownBy(() -> LocalStore.open(dir))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("corrupt");
        assertUntouched(bytes);
    }

    @Test
    void refusesAStoreThatBelongsToAnotherUser() {
        try (LocalStore store = LocalStore.open(dir)) {
            store.info().claimOwner("ualice");
            assertThatThrownBy(() -> store.info().claimOwner("ubob"))
                    .isInstanceOf(LocalStoreException.class)
                    .hasMessageContaining("belongs to user ualice, not ubob");
        }
    }

    private void fillAndClose(int messages) {
        try (LocalStore store = LocalStore.open(dir)) {
            store.inTransaction(() -> {
                for (int seq = 1; seq <= messages; seq++) {
                    store.messages().insert(new ChatMessage("dm.a.b", seq, "ua", "da", "c" + seq,
                            "aGVsbG8gd29ybGQsIGhlbGxvIHdvcmxkLCBoZWxsbyB3b3JsZA==", seq), null);
                }
            });
        }
        assertThat(file().resolveSibling(LocalStore.FILE_NAME + "-wal")).doesNotExist(); // checkpointed at close
    }

    private void assertUntouched(byte[] before) {
        try {
            assertThat(Files.readAllBytes(file())).isEqualTo(before);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(file().resolveSibling(LocalStore.FILE_NAME + "-wal")).doesNotExist();
        assertThat(file().resolveSibling(LocalStore.FILE_NAME + "-shm")).doesNotExist();
        assertThat(file().resolveSibling(LocalStore.FILE_NAME + "-journal")).doesNotExist();
    }
}
