package chat.cli;

import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Reads and writes a profile file. A profile name maps to {@code ~/.chat/<name>.json}; a value with a '/' or ending
 * in ".json" is a path. Files are written atomically with permissions 600 (the directory 700).
 */
final class ProfileStore {
    private static final ObjectMapper MAPPER = FrameCodec.mapper();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path path;

    ProfileStore(Path path) {
        this.path = path;
    }

    static ProfileStore forName(String profile) {
        if (profile.contains("/") || profile.endsWith(".json")) {
            return new ProfileStore(Path.of(profile).toAbsolutePath().normalize());
        }
        if (!profile.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new CliException("INVALID_PROFILE", "profile names are 1-64 letters, digits, '_', '.', '-'");
        }
        return new ProfileStore(Path.of(System.getProperty("user.home"), ".chat", profile + ".json"));
    }

    Path path() {
        return path;
    }

    Optional<Profile> load() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(Files.readString(path, StandardCharsets.UTF_8), Profile.class));
        } catch (IOException e) {
            throw new CliException("BAD_PROFILE", "cannot read " + path + ": " + e.getMessage());
        }
    }

    Profile require() {
        return load().orElseThrow(() -> new CliException("NOT_LOGGED_IN",
                "no profile at " + path + "; run: chat login --handle H --password P --device NAME"));
    }

    /** Forgets the stored device (after logging out or deleting the account). */
    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    void save(Profile profile) {
        try {
            Path dir = path.getParent();
            if (!Files.exists(dir)) {
                if (POSIX) {
                    Files.createDirectories(dir,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path tmp = POSIX
                    ? Files.createTempFile(dir, ".profile", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".profile", ".tmp");
            try {
                Files.writeString(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(profile) + "\n",
                        StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (POSIX) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
