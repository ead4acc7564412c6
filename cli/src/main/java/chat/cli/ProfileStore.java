package chat.cli;

import chat.model.frames.FrameCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads and writes a profile file. A profile name maps to {@code ~/.chat/<name>.json}; a value with a '/' or ending
 * in ".json" is a path. Files are written atomically with permissions 600 (the directory 700).
 */
final class ProfileStore {
    static final String DEFAULT = "default";
    private static final ObjectMapper MAPPER = FrameCodec.mapper();

    private final Path path;
    private final String profileArgument; // as given to --profile; null for the default profile

    ProfileStore(Path path, String profileArgument) {
        this.path = path;
        this.profileArgument = profileArgument;
    }

    static ProfileStore forName(String profile) {
        if (profile.contains("/") || profile.endsWith(".json")) {
            return new ProfileStore(Path.of(profile).toAbsolutePath().normalize(), profile);
        }
        if (!profile.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new CliException("INVALID_PROFILE", "profile names are 1-64 letters, digits, '_', '.', '-'");
        }
        return new ProfileStore(Path.of(System.getProperty("user.home"), ".chat", profile + ".json"),
                profile.equals(DEFAULT) ? null : profile);
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
                "no profile at " + path + "; log in first: " + loginCommand()));
    }

    /** The full command that creates this profile, {@code --profile} included (the hint of a missing profile). */
    String loginCommand() {
        return "bin/chat" + (profileArgument == null ? "" : " --profile " + profileArgument)
                + " login --handle HANDLE --password PASSWORD --device NAME";
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
            PrivateFiles.write(path, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(profile) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
