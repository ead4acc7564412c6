package chat.cli;

import java.nio.file.Path;

/**
 * The files next to a profile that coordinate the processes using it: {@code <name>.sock}, where a live session
 * ({@code watch}, {@code chat}) takes one-shot commands, and {@code <name>.lock}, held by whichever process holds the
 * profile's device connection, so that there is one connection per device at any time (a second one would close the
 * first with 4001).
 */
record ProfileFiles(Path profile, Path socket, Path lock) {
    static ProfileFiles of(ProfileStore store) {
        Path p = store.path();
        String name = p.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return new ProfileFiles(p, p.resolveSibling(base + ".sock"), p.resolveSibling(base + ".lock"));
    }
}
