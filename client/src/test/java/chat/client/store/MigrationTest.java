package chat.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.model.frames.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema versions: every older store reaches the current schema, keeps its data, and a failed step changes nothing. */
class MigrationTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyFileIsMigratedFromVersionZero() throws Exception {
        Files.createFile(dir.resolve(LocalStore.FILE_NAME));
        try (LocalStore store = LocalStore.open(dir)) {
            assertThat(store.schemaVersion()).isEqualTo(Schema.CURRENT_VERSION);
            assertThat(schema(store)).isEqualTo(freshSchema());
        }
    }

    @Test
    void everyOlderVersionIsMigratedToTheSchemaOfAFreshStore() {
        List<String> fresh = freshSchema();
        for (int older = 0; older < Schema.CURRENT_VERSION; older++) {
            Path at = dir.resolve("v" + older);
            LocalStore.open(at, Schema.MIGRATIONS.subList(0, older), Clock.systemUTC()).close();
            try (LocalStore store = LocalStore.open(at)) {
                assertThat(store.schemaVersion()).as("from version %d", older).isEqualTo(Schema.CURRENT_VERSION);
                assertThat(schema(store)).as("from version %d", older).isEqualTo(fresh);
            }
        }
    }

    @Test
    void dataWrittenAtVersionOneSurvivesTheMigration() {
        try (LocalStore v1 = LocalStore.open(dir, Schema.MIGRATIONS.subList(0, 1), Clock.systemUTC())) {
            v1.messages().insert(new ChatMessage("dm.a.b", 1, "ua", "da", "c1", "aGk=", 10), null);
            v1.cursors().advanceSynced("dm.a.b", 1);
            v1.outbox().enqueue("c2", "dm.a.b", null, new byte[] {1});
        }
        try (LocalStore store = LocalStore.open(dir)) {
            assertThat(store.messages().get("dm.a.b", 1)).map(StoredMessage::body).contains("hi".getBytes());
            assertThat(store.cursors().synced()).containsEntry("dm.a.b", 1L);
            assertThat(store.outbox().sending()).extracting(PendingSend::clientMsgId).containsExactly("c2");
        }
    }

    @Test
    void aFailingStepLeavesTheStoreAtThePreviousVersionWithNothingOfTheStep() {
        List<Migration> broken = new ArrayList<>(Schema.MIGRATIONS.subList(0, 1));
        broken.add(new Migration(2, "broken", List.of("CREATE TABLE half (x)", "THIS IS NOT SQL")));

        assertThatThrownBy(() -> LocalStore.open(dir, broken, Clock.systemUTC()))
                .isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("database error");
        try (LocalStore store = LocalStore.open(dir, Schema.MIGRATIONS.subList(0, 1), Clock.systemUTC())) {
            assertThat(store.schemaVersion()).isEqualTo(1);
            assertThat(store.db().queryLong("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'")).isZero();
        }
    }

    @Test
    void stepsMustBeNumberedConsecutivelyFromOne() {
        List<Migration> gap = List.of(Schema.MIGRATIONS.get(0), new Migration(3, "skips 2", List.of()));
        assertThatThrownBy(() -> LocalStore.open(dir, gap, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> freshSchema() {
        try (LocalStore store = LocalStore.open(dir.resolve("fresh"))) {
            return schema(store);
        }
    }

    /** Every table, index and column, in a comparable form. */
    static List<String> schema(LocalStore store) {
        return store.db().query("SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master "
                + "ORDER BY type, name", rs -> rs.getString(1));
    }
}
