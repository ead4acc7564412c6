package chat.cli;

import java.nio.file.Path;

/**
 * The files of a profile {@code <name>.json}: beside it {@code <name>.sock}, where a live session ({@code watch},
 * {@code chat}) takes one-shot commands, and {@code <name>.lock}, held by whichever process holds the profile's device
 * connection, so that there is one connection per device at any time (a second one would close the first with 4001);
 * and the directory {@code <name>/}, which holds the device's local store ({@code chat.db}: messages, cursors,
 * outbox, receipts, contact names). {@code <name>.names.json} is where versions before the store cached names; it is
 * moved into the store once and deleted.
 */
record ProfileFiles(Path profile, Path socket, Path lock, Path storeDir, Path legacyNames) {
    static ProfileFiles of(ProfileStore store) {
        Path p = store.path();
        String name = p.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        // A profile path without ".json" would be its own store directory's name.
        String dir = base.equals(name) ? base + ".store" : base;
        return new ProfileFiles(p, p.resolveSibling(base + ".sock"), p.resolveSibling(base + ".lock"),
                p.resolveSibling(dir), p.resolveSibling(base + ".names.json"));
    }
}
