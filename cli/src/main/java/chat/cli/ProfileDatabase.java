package chat.cli;

import chat.client.store.Contact;
import chat.client.store.LocalStore;
import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Opens a profile's local store ({@link ProfileFiles#storeDir()}) and, the first time, carries into it what earlier
 * versions kept in JSON files: the cursors {@code watch} had reached (so the first run with a store syncs from there,
 * not from zero) and the names cache {@code <name>.names.json} (then deleted: the contacts table replaces it). A
 * store of another user than the profile's is refused with a clear error before any device uses it.
 */
final class ProfileDatabase {
    /** store_info key: set once the profile's JSON state has been imported. */
    static final String IMPORTED = "cli.profile_imported_at";
    private static final TypeReference<Map<String, Names.Person>> NAMES_FILE = new TypeReference<>() { };

    private ProfileDatabase() {
    }

    static LocalStore open(ProfileFiles files, Profile profile, Clock clock) {
        LocalStore store = LocalStore.open(files.storeDir());
        try {
            if (profile.userId() != null) {
                store.info().claimOwner(profile.userId());
            }
            if (store.info().get(IMPORTED).isEmpty()) {
                importJson(store, files.legacyNames(), profile, clock);
            }
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static void importJson(LocalStore store, Path legacyNames, Profile profile, Clock clock) {
        Map<String, Names.Person> names = readNames(legacyNames);
        long namesTime = modified(legacyNames);
        store.inTransaction(() -> {
            profile.cursors().forEach(store.cursors()::advanceSynced);
            if (profile.userId() != null && profile.handle() != null) {
                store.contacts().put(new Contact(profile.userId(), profile.handle(), null, 0));
            }
            // Handles older profiles resolved: no display name and of unknown age, so refreshed when next shown.
            profile.contacts().forEach((id, handle) -> store.contacts().put(new Contact(id, handle, null, 0)));
            names.forEach((id, p) -> {
                if (p != null && p.handle() != null) {
                    store.contacts().put(new Contact(id, p.handle(), p.displayName(), namesTime));
                }
            });
            store.info().put(IMPORTED, Long.toString(clock.millis()));
        });
        try {
            Files.deleteIfExists(legacyNames); // imported: the store is where names live now
        } catch (IOException ignored) {
            // left behind, never read again
        }
    }

    private static Map<String, Names.Person> readNames(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            Map<String, Names.Person> m = FrameCodec.mapper().readValue(Files.readString(file,
                    StandardCharsets.UTF_8), NAMES_FILE);
            return m == null ? Map.of() : m;
        } catch (IOException | RuntimeException e) {
            return Map.of(); // a damaged cache was only a cache: names are looked up again
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
