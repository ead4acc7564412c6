package chat.client.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * File names that come from other people's messages are never trusted as paths: only a bare name (no separator,
 * no NUL or control character, not "." or "..") is used, inside the directory the user chose, and an existing file
 * is never overwritten.
 */
public final class FileNames {
    private static final int MAX = 255;

    private FileNames() {
    }

    /** {@code name} if it is a bare file name that is safe to create, else empty. */
    public static Optional<String> bare(String name) {
        if (name == null || name.isBlank() || name.length() > MAX || name.equals(".") || name.equals("..")) {
            return Optional.empty();
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return Optional.empty();
            }
        }
        return Optional.of(name);
    }

    /**
     * A new file's path in {@code dir} for {@code name} (or {@code fallback} when the name is unsafe): "name",
     * else "name (1)", "name (2)"… before the extension, whichever does not exist yet.
     */
    public static Path unused(Path dir, String name, String fallback) throws IOException {
        String base = bare(name).orElse(fallback);
        Path target = dir.resolve(base).normalize();
        if (!target.getParent().equals(dir.normalize())) {
            throw new IOException("unsafe file name: " + name); // cannot happen for a bare name; kept as a guard
        }
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        String ext = dot > 0 ? base.substring(dot) : "";
        for (int n = 1; Files.exists(target) || Files.exists(target.resolveSibling(target.getFileName() + ".part"));
                n++) {
            target = dir.resolve(stem + " (" + n + ")" + ext);
        }
        return target;
    }
}
